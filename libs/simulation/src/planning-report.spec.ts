import { describe, expect, it } from '@jest/globals';
import { demoScenario } from './demo-scenario.js';
import { planChartSvg } from './plan-chart.js';
import { findings, planMarkdown, planRouting } from './planning-report.js';

describe('the routing plan for the 02800 day', () => {
  const plan = planRouting(demoScenario(), { moveAgents: [{ agents: ['agent04', 'agent08'], toGroup: 'Lag 1' }], moveSkills: [] });

  it('shows skill-based routing resolving more at the first agent, with fewer transfers, than FIFO', () => {
    const skills = plan.skills.total;
    const fifo = plan.fifo.total;
    expect(skills.figures.firstLineResolution.value!).toBeGreaterThan(fifo.figures.firstLineResolution.value! + 0.15);
    expect(skills.figures.fcr.value!).toBeGreaterThan(fifo.figures.fcr.value!);
    expect(skills.transfersPerCall!).toBeLessThan(fifo.transfersPerCall! / 3);
    expect(skills.figures.runaroundRate.value!).toBeLessThan(fifo.figures.runaroundRate.value!);
  });

  it('writes the comparison as a Markdown table with a column per run, findings and the chart', () => {
    const markdown = planMarkdown(plan, 'routing-plan.svg');
    expect(markdown).toContain('| figure | skill-based | FIFO to any agent | skill-based, what-if |');
    for (const row of ['| FCR |', '| first-line resolution |', '| transfers per answered call |', '| service level |', '| ASA |', '| abandonment |']) expect(markdown).toContain(row);
    expect(markdown).toContain('![Service level by hour, and resolution and transfers, by routing](routing-plan.svg)');
    expect(markdown).toContain('agent04, agent08 → Lag 1');
    const lines = findings(plan);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain(`First-line resolution falls from ${(plan.skills.total.figures.firstLineResolution.value! * 100).toFixed(1)} %`);
  });

  it('draws the chart as an SVG image', async () => {
    const svg = await planChartSvg(plan);
    expect(svg.startsWith('<svg')).toBe(true);
    for (const text of ['Service level by hour', 'first-line resolution', 'FIFO to any agent', 'skill-based, what-if']) expect(svg).toContain(text);
  });

  it('runs the what-if on the changed floor only', () => {
    expect(plan.whatIf!.result.total.figures.offered).not.toBe(0);
    expect(plan.whatIf!.result.calls.filter((c) => c.direction === 'inbound' && !c.isRepeat).map((c) => c.arrivedSec)).toEqual(
      plan.skills.calls.filter((c) => c.direction === 'inbound' && !c.isRepeat).map((c) => c.arrivedSec),
    );
    expect(plan.whatIf!.result.total).not.toEqual(plan.skills.total);
  });
});
