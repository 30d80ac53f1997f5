import { AppConfig } from '@fc/config';
import { RoutingIndex, seededRandom } from '@fc/domain';
import { benchRoutingApi, type RoutingApiFigures } from './routing-api.bench.js';
import { performance } from 'node:perf_hooks';
import { SERVER_URL } from './bench-environment.js';
import { pgbenchTps } from './database-capacity.js';
import { printSummary, percentile, round2 } from './machine.js';
import { routingWorld } from './routing-world.js';

// `npm run bench:routing`: the routing policy's round time for 1,000 waiting calls × 10,000 agents
// (target p99 ≤ 5 ms) on the index the routing leader keeps between rounds, with 100 agents'
// changes applied between rounds (timed apart, per change), and the index's load and first round; what PostgreSQL here commits per second (`pgbench -N`); then through the
// api, with 1, 2 and 3 api processes in turn: arrival → offer latency at 100 calls/s with 500
// agents (target p99 ≤ 50 ms), after the same arrivals' first seconds, reported apart as the cold
// start of fresh processes (docs/decisions/0064), sustained lifecycles per second (target ≥ 400/s) with zero
// invariant violations, the transactions and statements one lifecycle costs, and `dbCapacityUsed`
// = lifecycles/s × transactions per lifecycle / pgbench's tps. With the most processes, arrivals
// step up until the offer p99 passes 1 s. Prints one JSON summary. `-- --policy-only` skips the
// api part; `--calls-per-sec=N`, `--api-processes=1,3`, `--lifecycle-sec=N`, `--no-ramp` and
// `--history-calls=N` (calls of history in the database first, 50,000 over a week; 0 for none),
// `--warm-up-sec=N` (the cold start's seconds, default 5), `--callers=N` (callers who each call
// again once their call is done, in the lifecycles' window; default 64), `--database-pool-size=N`
// (each api process's `DATABASE_POOL_SIZE`; the product's default otherwise) and `--repeat=N` change
// it. `--repeat=N` runs every process count N times, in passes that each start at another count,
// and reports each count's median lifecycles/s: one run of each on a machine whose speed drifts
// by more than the difference between counts cannot tell which count is faster.
const WAITING = 1000;
const AGENTS = 10_000;
const policyOnly = process.argv.includes('--policy-only');
const option = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const apiProcesses = (option('api-processes') ?? '1,2,3').split(',').map(Number);
const callsPerSec = Number(option('calls-per-sec') ?? 100);
const lifecycleSec = Number(option('lifecycle-sec') ?? 60);
const ramp = !process.argv.includes('--no-ramp');
const historyCalls = Number(option('history-calls') ?? 50_000);
const warmUpSec = Number(option('warm-up-sec') ?? 5);
const callers = Number(option('callers') ?? 64);
const repeat = Number(option('repeat') ?? 1);
// The product's default unless given: validated as the api validates it.
const databasePoolSize = AppConfig.fromEnvironment({ DATABASE_POOL_SIZE: option('database-pool-size') }).databasePoolSize;
const ROUNDS = 300;
const WARMUP = 30;

/** Agents' changes the feed brings between two rounds: each a new idle time, which moves the agent in every ranking. */
const CHANGES_PER_ROUND = 100;

const now = new Date();
const { calls, agents } = routingWorld(WAITING, AGENTS, now);
// The routing leader loads its index once (docs/decisions/0057), then moves each changed agent in it.
const loadStart = performance.now();
const index = new RoutingIndex();
for (const agent of agents) index.put(agent);
index.plan(calls, now);
const firstRoundMs = performance.now() - loadStart;
const random = seededRandom(2801);
const samples: number[] = [];
const changeSamples: number[] = [];
let offered = 0;
for (let i = 0; i < WARMUP + ROUNDS; i++) {
  if (i % 50 === 0) process.stderr.write(`\rpolicy rounds ${i}/${WARMUP + ROUNDS}`);
  const changesStart = performance.now();
  for (let k = 0; k < CHANGES_PER_ROUND; k++) {
    const at = Math.floor(random() * AGENTS);
    const changed = { ...agents[at]!, idleSince: new Date(now.getTime() - Math.floor(random() * 3_600_000)) };
    agents[at] = changed;
    index.put(changed);
  }
  const start = performance.now();
  const plan = index.plan(calls, now);
  const elapsed = performance.now() - start;
  if (i >= WARMUP) {
    samples.push(elapsed);
    changeSamples.push(((start - changesStart) / CHANGES_PER_ROUND) * 1000);
  }
  offered = plan.assignments.length;
}
process.stderr.write('\n');
changeSamples.sort((a, b) => a - b);
samples.sort((a, b) => a - b);

let api: Record<string, unknown> = {};
if (!policyOnly) {
  process.stderr.write('pgbench -N on this server\n');
  const pgbench = await pgbenchTps(SERVER_URL);
  const runs: (RoutingApiFigures & { dbCapacityUsed: number })[] = [];
  for (let pass = 0; pass < repeat; pass++) {
    // Each pass starts its round of process counts at another place, so that each count runs first,
    // second and third alike; the last pass in the order given, ending with the most processes.
    const shift = (repeat - 1 - pass) % apiProcesses.length;
    const order = [...apiProcesses.slice(apiProcesses.length - shift), ...apiProcesses.slice(0, apiProcesses.length - shift)];
    for (const [i, processes] of order.entries()) {
      const last = pass === repeat - 1 && i === order.length - 1;
      const figures = await benchRoutingApi({
        agents: 500,
        callsPerSec,
        latencySec: 20,
        warmUpSec,
        lifecycleSec,
        callers,
        apiProcesses: processes,
        databasePoolSize,
        historyCalls,
        ...(last && ramp ? { rampCallsPerSec: [25, 50, 100, 150, 200, 300, 400, 600, 800, 1200] } : {}),
      });
      runs.push({ ...figures, dbCapacityUsed: round2((figures.lifecyclesPerSec * figures.transactionsPerLifecycle) / pgbench.tps) });
    }
  }
  /** Each run's lifecycles/s with `processes` api processes, in the order run: a new array each call. */
  const lifecyclesOf = (processes: number) => runs.filter((run) => run.apiProcesses === processes).map((run) => run.lifecyclesPerSec);
  const headline = runs.at(-1)!;
  api = {
    pgbenchTps: pgbench.tps,
    pgbench,
    apiProcesses: headline.apiProcesses,
    databasePoolSize,
    offerLatencyMs: headline.offerLatencyMs,
    coldStartOfferLatencyMs: headline.coldStartOfferLatencyMs,
    lifecyclesPerSec: headline.lifecyclesPerSec,
    dbCapacityUsed: headline.dbCapacityUsed,
    invariantViolations: runs.reduce((sum, run) => sum + run.invariantViolations, 0),
    // The median of each count's runs (the one run, unless --repeat).
    lifecyclesPerSecByApiProcesses: Object.fromEntries(
      apiProcesses.map((processes) => [
        processes,
        percentile(
          lifecyclesOf(processes).sort((a, b) => a - b),
          50,
        ),
      ]),
    ),
    ...(repeat > 1 ? { lifecyclesPerSecRunsByApiProcesses: Object.fromEntries(apiProcesses.map((processes) => [processes, lifecyclesOf(processes)])) } : {}),
    runs,
  };
}
printSummary({
  policyRoundMs: {
    p50: round2(percentile(samples, 50)),
    p99: round2(percentile(samples, 99)),
    waiting: WAITING,
    agents: AGENTS,
    rounds: ROUNDS,
    offeredPerRound: offered,
    changesBetweenRounds: CHANGES_PER_ROUND,
  },
  policyIndex: { loadAndFirstRoundMs: round2(firstRoundMs), changeUs: { p50: round2(percentile(changeSamples, 50)), p99: round2(percentile(changeSamples, 99)) } },
  ...api,
});
