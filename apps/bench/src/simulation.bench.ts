import { demoScenario, erlangScenario, minutesOf, planChartSvg, planMarkdown, planRouting, simulateOffline } from '@fc/simulation';
import { performance } from 'node:perf_hooks';
import { printSummary, round2 } from './machine.js';

// `npm run bench:simulation`: how long the offline mode takes for the planning questions of
// DESIGN §9 — the skill-based against FIFO report (with a what-if) for a simulated 02800 day, with
// its Markdown and chart (target: under a minute), and the Erlang case of 100,000 calls. Prints
// one JSON summary; each figure is the median of a few runs.
const RUNS = 3;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const timed = async (label: string, work: () => unknown) => {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    process.stderr.write(`\r${label} ${i + 1}/${RUNS}`);
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  process.stderr.write('\n');
  return round2(median(samples) / 1000);
};

const scenario = demoScenario();
const day = simulateOffline(scenario, { routing: 'skills' });
const planSec = await timed('plan: skill-based, FIFO and a what-if, with Markdown and chart', async () => {
  const plan = planRouting(scenario, { moveAgents: [{ agents: ['agent04', 'agent08', 'agent12'], toGroup: 'Lag 2' }], moveSkills: [] });
  planMarkdown(plan, 'routing-plan.svg');
  await planChartSvg(plan);
});
const daySec = await timed('one day, skill-based', () => simulateOffline(scenario, { routing: 'skills' }));
const erlang = erlangScenario({ callsPerHour: 200, ahtSec: 180, agents: 13, targetSec: 20, seed: 1 });
const erlangSec = await timed('Erlang case, 100,000 calls after 10,000 warm-up', () => simulateOffline(erlang, { routing: 'fifo', calls: 100_000, warmupCalls: 10_000 }));

printSummary({
  planReportSec: planSec,
  planReportTargetSec: 60,
  daySimulationSec: daySec,
  day: { calls: day.total.figures.offered, agents: scenario.agents.length, routingRounds: day.rounds, simulatedHours: round2((day.simulatedSec - minutesOf(scenario.day.start) * 60) / 3600) },
  erlang100kSec: erlangSec,
  runs: RUNS,
});
