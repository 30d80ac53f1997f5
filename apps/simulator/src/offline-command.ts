import { erlangC } from '@fc/domain';
import { erlangScenario, figuresTable, simulateOffline, type OfflineResult, type RoutingMode } from '@fc/simulation';
import { parseArgs } from 'node:util';
import { numberOption, withUsage } from './cli-options.js';
import { loadScenario } from './scenario-file.js';
import { UsageError } from './usage-error.js';

const USAGE = `usage: npm run simulate -- offline [--scenario <file>] [--routing skills|fifo] [--seed <n>] [--json]
       npm run simulate -- offline --erlang --calls-per-hour <x> --aht <sec> --agents <n> --calls <c> --target <sec> [--seed <n>] [--json]

  Runs a scenario (default: the 02800 demo weekday) on a virtual clock with the product's routing
  policy and prints the day's figures. --erlang runs the single-topic M/M/N case instead (Poisson
  arrivals, exponential handle times, any agent, nobody hangs up), measures <c> calls after a
  warm-up of a tenth as many (at least 500), and prints {calls, serviceLevel, asaSec, pWait,
  abandoned} beside the Erlang C prediction.`;

export async function runOffline(args: string[]): Promise<number> {
  const { values: options } = withUsage(USAGE, () =>
    parseArgs({
      args,
      options: {
        help: { type: 'boolean', default: false },
        scenario: { type: 'string' },
        routing: { type: 'string', default: 'skills' },
        seed: { type: 'string' },
        json: { type: 'boolean', default: false },
        erlang: { type: 'boolean', default: false },
        'calls-per-hour': { type: 'string' },
        aht: { type: 'string' },
        agents: { type: 'string' },
        calls: { type: 'string' },
        target: { type: 'string' },
      },
    }),
  );
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const seed = options.seed === undefined ? undefined : numberOption(options.seed, 'seed', { min: 0, max: 2 ** 31 - 1, integer: true });
  if (options.erlang) return runErlangCase(options, seed ?? 1);

  if (options.routing !== 'skills' && options.routing !== 'fifo') throw new UsageError(`--routing must be skills or fifo, not "${options.routing}"`);
  const scenario = await loadScenario(options.scenario);
  const result = simulateOffline(seed === undefined ? scenario : { ...scenario, seed }, { routing: options.routing as RoutingMode });
  process.stdout.write(options.json ? `${JSON.stringify(summaryOf(result), null, 2)}\n` : `${describe(result)}\n`);
  return 0;
}

function runErlangCase(options: Record<string, string | boolean | undefined>, seed: number): number {
  const text = (name: string) => options[name] as string | undefined;
  const callsPerHour = numberOption(text('calls-per-hour'), 'calls-per-hour', { min: 0.01, max: 1_000_000 });
  const ahtSec = numberOption(text('aht'), 'aht', { min: 1, max: 86_400 });
  const agents = numberOption(text('agents'), 'agents', { min: 1, max: 10_000, integer: true });
  const calls = numberOption(text('calls'), 'calls', { min: 100, max: 10_000_000, integer: true });
  const targetSec = numberOption(text('target'), 'target', { min: 0, max: 86_400 });
  if ((callsPerHour * ahtSec) / 3600 >= agents)
    throw new UsageError(`${agents} agents cannot keep up with ${callsPerHour} calls/h of ${ahtSec} s: the queue would grow for ever (Erlang C needs fewer erlangs than agents)`);
  const warmupCalls = Math.max(500, Math.round(calls / 10));
  const result = simulateOffline(erlangScenario({ callsPerHour, ahtSec, agents, targetSec, seed }), { routing: 'fifo', calls, warmupCalls });
  const { figures, pWait } = result.total;
  const measured = {
    calls: figures.offered,
    serviceLevel: figures.serviceLevel.value,
    asaSec: figures.asaSec.value,
    pWait: pWait.value,
    abandoned: figures.abandoned,
    standardError: result.standardError,
    warmupCalls,
    erlangC: erlangC({ callsPerHour, ahtSec, agents, targetSec }),
    wallMs: Math.round(result.wallMs),
  };
  process.stdout.write(`${options.json ? JSON.stringify(measured) : JSON.stringify(measured, null, 2)}\n`);
  return 0;
}

/** What a machine reads of a run: the figures, not every call. */
export function summaryOf(result: OfflineResult) {
  const { calls: _calls, ...rest } = result;
  return rest;
}

function describe(result: OfflineResult): string {
  return [
    `${result.scenario}, ${result.routing === 'skills' ? 'skill-based routing' : 'FIFO to any agent'}: ${result.total.figures.offered} calls simulated in ${Math.round(result.wallMs)} ms`,
    '',
    figuresTable([{ label: result.routing, result }]),
  ].join('\n');
}
