import type { Ratio } from '@fc/domain';
import { figuresTable, type RunColumn } from './figures-table.js';
import { simulateOffline, type OfflineResult } from './offline-simulation.js';
import type { Scenario } from './scenario.js';
import { applyWhatIf, describeWhatIf, type WhatIf } from './what-if.js';

export interface RoutingPlan {
  scenario: Scenario;
  skills: OfflineResult;
  fifo: OfflineResult;
  whatIf: { description: string; result: OfflineResult } | null;
  columns: RunColumn[];
}

const SKILLS_LABEL = 'skill-based';
const FIFO_LABEL = 'FIFO to any agent';

/**
 * The planning question of DESIGN §9: the same day under the product's skill-based routing and under
 * plain FIFO to any agent, and, when a what-if is given, skill-based routing on the changed floor.
 * Every run meets the same callers: the same arrivals, needs, languages and first patience.
 */
export function planRouting(scenario: Scenario, whatIf?: WhatIf): RoutingPlan {
  const skills = simulateOffline(scenario, { routing: 'skills' });
  const fifo = simulateOffline(scenario, { routing: 'fifo' });
  const changed =
    whatIf && (whatIf.moveAgents.length > 0 || whatIf.moveSkills.length > 0)
      ? { description: describeWhatIf(whatIf), result: simulateOffline(applyWhatIf(scenario, whatIf), { routing: 'skills' }) }
      : null;
  const columns: RunColumn[] = [{ label: SKILLS_LABEL, result: skills }, { label: FIFO_LABEL, result: fifo }, ...(changed ? [{ label: `skill-based, what-if`, result: changed.result }] : [])];
  return { scenario, skills, fifo, whatIf: changed, columns };
}

const pct = (r: Ratio) => (r.value === null ? '–' : `${(r.value * 100).toFixed(1)} %`);
const points = (a: Ratio, b: Ratio) => (a.value === null || b.value === null ? 0 : (a.value - b.value) * 100);

/**
 * What the numbers say, in words a planner can check against the table: where FIFO loses and
 * gains against skill-based routing, and what the what-if changed.
 */
export function findings(plan: RoutingPlan): string[] {
  const s = plan.skills.total;
  const f = plan.fifo.total;
  const lines: string[] = [];
  lines.push(
    `FIFO hands each caller to whichever agent has been free longest, whatever the topic or language, so ${pct(f.figures.transferRate)} of answered calls are passed on to another agent ` +
      `(skill-based: ${pct(s.figures.transferRate)}), ${(f.transfersPerCall ?? 0).toFixed(2)} transfers per call against ${(s.transfersPerCall ?? 0).toFixed(2)}. ` +
      `First-line resolution ${points(s.figures.firstLineResolution, f.figures.firstLineResolution) >= 0 ? 'falls' : 'rises'} from ${pct(s.figures.firstLineResolution)} to ${pct(f.figures.firstLineResolution)} and FCR from ${pct(s.figures.fcr)} to ${pct(f.figures.fcr)}: the first agent more often lacks the skill or the caller's language.`,
  );
  const slGap = points(s.figures.serviceLevel, f.figures.serviceLevel);
  if (slGap > 0) {
    lines.push(
      `Waiting is worse under FIFO too (service level ${pct(f.figures.serviceLevel)} against ${pct(s.figures.serviceLevel)}, ASA ${f.figures.asaSec.value?.toFixed(0)} s against ${s.figures.asaSec.value?.toFixed(0)} s, abandonment ${pct(f.figures.abandonmentRate)} against ${pct(s.figures.abandonmentRate)}), ` +
        `though any free agent may answer: agents talk longer on topics they do not know and each transfer puts the caller back in the queue, so handle time per call rises (AHT ${f.figures.ahtSec.value?.toFixed(0)} s against ${s.figures.ahtSec.value?.toFixed(0)} s) and occupancy with it (${pct(plan.fifo.occupancy)} against ${pct(plan.skills.occupancy)}). Unresolved callers ring again: ${plan.fifo.repeats} repeat calls against ${plan.skills.repeats}.`,
    );
  } else {
    lines.push(
      `FIFO answers sooner (service level ${pct(f.figures.serviceLevel)} against ${pct(s.figures.serviceLevel)}, ASA ${f.figures.asaSec.value?.toFixed(0)} s against ${s.figures.asaSec.value?.toFixed(0)} s): one pooled queue never leaves a free agent idle while someone waits, where skill-based routing holds a call for a qualified agent until its escalation steps widen the search. ` +
        `The price is paid after the answer: AHT ${f.figures.ahtSec.value?.toFixed(0)} s against ${s.figures.ahtSec.value?.toFixed(0)} s, and ${plan.fifo.repeats} repeat calls against ${plan.skills.repeats}.`,
    );
  }
  if (plan.whatIf) {
    const w = plan.whatIf.result.total;
    lines.push(
      `What-if (${plan.whatIf.description}): service level ${pct(w.figures.serviceLevel)} (${signed(points(w.figures.serviceLevel, s.figures.serviceLevel))} points), ASA ${w.figures.asaSec.value?.toFixed(0)} s, abandonment ${pct(w.figures.abandonmentRate)} (${signed(points(w.figures.abandonmentRate, s.figures.abandonmentRate))} points), ` +
        `FCR ${pct(w.figures.fcr)} (${signed(points(w.figures.fcr, s.figures.fcr))} points), first-line resolution ${pct(w.figures.firstLineResolution)} (${signed(points(w.figures.firstLineResolution, s.figures.firstLineResolution))} points), against skill-based routing on today's floor.`,
    );
  }
  return lines;
}

const signed = (n: number) => `${n >= 0 ? '+' : '−'}${Math.abs(n).toFixed(1)}`;

/** The report as Markdown; `chartFile` is the chart image's path relative to the report. */
export function planMarkdown(plan: RoutingPlan, chartFile: string): string {
  const { scenario } = plan;
  const fresh = plan.skills.calls.filter((c) => c.direction === 'inbound' && !c.isRepeat).length;
  return [
    `# Routing plan: ${scenario.name}`,
    '',
    `A simulated day, ${scenario.day.start}–${scenario.day.end}, seed ${scenario.seed}: ${fresh} callers and ${scenario.agents.length} agents in ${scenario.groups.length} groups. ` +
      'Every column meets the same callers (arrivals, needs, languages, first patience); repeat calls and callbacks follow from what happened to them.',
    '',
    figuresTable(plan.columns),
    '',
    `![Service level by hour, and resolution and transfers, by routing](${chartFile})`,
    '',
    '## What differs',
    '',
    ...findings(plan).map((line) => `- ${line}`),
    '',
    '## How to read it',
    '',
    "- The figures are the product's own (docs/metrics.md), computed by the same code from the simulated calls. Repeat-adjusted FCR counts only repeats within the simulated day.",
    "- **skill-based** is the product's routing: each topic's skill and minimum proficiency, its escalation steps over waiting time, priorities, the transfer boost and the topic's agent strategy — the very `planRound` of libs/domain.",
    '- **FIFO to any agent** is one queue, first come first served, to the longest-idle agent, ignoring skills and languages.',
    ...(plan.whatIf ? [`- **what-if** is skill-based routing with ${plan.whatIf.description}.`] : []),
    '',
  ].join('\n');
}
