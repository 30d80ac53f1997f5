// `npm run erlang -- --calls-per-hour 200 --aht 180 --agents 13 --target 20`: Erlang C on the command
// line (the formula is documented in libs/domain/src/erlang-c.ts). With --target-sl instead of
// --agents it prints the fewest agents that reach that service level.
import { agentsNeeded, erlangC } from '@fc/domain';
import { parseArgs } from 'node:util';
import { numberOption, withUsage } from './cli-options.js';
import { UsageError } from './usage-error.js';

const USAGE = `usage: npm run erlang -- --calls-per-hour <x> --aht <sec> --target <sec> (--agents <n> | --target-sl <share>)

  --calls-per-hour   arrivals per hour
  --aht              mean handle time in seconds (talk + wrap-up)
  --target           service-level threshold T in seconds ("answered within T")
  --agents           agents on the phones: prints {pWait, serviceLevel, asaSec, occupancy}
  --target-sl        a service level to reach, e.g. 0.8: prints the agents needed and their figures`;

function main(): number {
  const { values } = withUsage(USAGE, () =>
    parseArgs({
      args: process.argv.slice(2),
      options: {
        help: { type: 'boolean', default: false },
        'calls-per-hour': { type: 'string' },
        aht: { type: 'string' },
        agents: { type: 'string' },
        target: { type: 'string' },
        'target-sl': { type: 'string' },
      },
    }),
  );
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const callsPerHour = numberOption(values['calls-per-hour'], 'calls-per-hour', { min: 0.001, max: 10_000_000 });
  const ahtSec = numberOption(values.aht, 'aht', { min: 0.1, max: 86_400 });
  const targetSec = numberOption(values.target, 'target', { min: 0, max: 86_400 });
  if ((values.agents === undefined) === (values['target-sl'] === undefined)) throw new UsageError(`give either --agents or --target-sl\n\n${USAGE}`);
  if (values.agents !== undefined) {
    const agents = numberOption(values.agents, 'agents', { min: 1, max: 100_000, integer: true });
    process.stdout.write(`${JSON.stringify(erlangC({ callsPerHour, ahtSec, agents, targetSec }))}\n`);
    return 0;
  }
  const targetServiceLevel = numberOption(values['target-sl'], 'target-sl', { min: 0.000001, max: 0.999999 });
  const { agents, ...figures } = agentsNeeded({ callsPerHour, ahtSec, targetSec, targetServiceLevel });
  process.stdout.write(`${JSON.stringify({ agentsNeeded: agents, ...figures })}\n`);
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 2;
}
