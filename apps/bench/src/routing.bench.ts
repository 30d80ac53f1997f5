import { planRound } from '@fc/domain';
import { benchRoutingApi } from './routing-api.bench.js';
import { performance } from 'node:perf_hooks';
import { machine, percentile, round2 } from './machine.js';
import { routingWorld } from './routing-world.js';

// `npm run bench:routing`: the routing policy's round time for 1,000 waiting calls × 10,000 agents
// (target p99 ≤ 5 ms), then through the api: arrival → offer latency at 100 calls/s with 500 agents
// (target p99 ≤ 50 ms) and sustained lifecycles per second (target ≥ 200/s) with zero invariant
// violations. Prints one JSON summary. `-- --policy-only` skips the api part; `--calls-per-sec=N`
// and `--api-processes=N` change the load and the number of api processes.
const WAITING = 1000;
const AGENTS = 10_000;
const policyOnly = process.argv.includes('--policy-only');
const flag = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const apiProcesses = flag('api-processes', 2);
const callsPerSec = flag('calls-per-sec', 100);
const ROUNDS = 300;
const WARMUP = 30;

const now = new Date();
const { calls, agents } = routingWorld(WAITING, AGENTS, now);
const samples: number[] = [];
let offered = 0;
for (let i = 0; i < WARMUP + ROUNDS; i++) {
  if (i % 50 === 0) process.stderr.write(`\rpolicy rounds ${i}/${WARMUP + ROUNDS}`);
  const start = performance.now();
  const plan = planRound(calls, agents, now);
  const elapsed = performance.now() - start;
  if (i >= WARMUP) samples.push(elapsed);
  offered = plan.assignments.length;
}
process.stderr.write('\n');
samples.sort((a, b) => a - b);
const api = policyOnly ? null : await benchRoutingApi({ agents: 500, callsPerSec, latencySec: 20, lifecycleSec: 60, callers: 64, apiProcesses });
process.stdout.write(
  `${JSON.stringify(
    {
      policyRoundMs: { p50: round2(percentile(samples, 50)), p99: round2(percentile(samples, 99)), waiting: WAITING, agents: AGENTS, rounds: ROUNDS, offeredPerRound: offered },
      ...(api ?? {}),
      machine: machine(),
    },
    null,
    2,
  )}\n`,
);
