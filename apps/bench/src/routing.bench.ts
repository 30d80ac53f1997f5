import { planRound } from '@fc/domain';
import { performance } from 'node:perf_hooks';
import { machine, percentile, round2 } from './machine.js';
import { routingWorld } from './routing-world.js';

// `npm run bench:routing`: the routing policy's round time for 1,000 waiting calls × 10,000
// agents (DESIGN §4 target: p99 ≤ 5 ms). Prints one JSON summary.
const WAITING = Number(process.argv[2] ?? 1000);
const AGENTS = Number(process.argv[3] ?? 10_000);
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
process.stdout.write(
  `${JSON.stringify(
    {
      policyRoundMs: { p50: round2(percentile(samples, 50)), p99: round2(percentile(samples, 99)), waiting: WAITING, agents: AGENTS, rounds: ROUNDS, offeredPerRound: offered },
      machine: machine(),
    },
    null,
    2,
  )}\n`,
);
