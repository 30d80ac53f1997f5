import { parseAgentMove, parseSkillMove, planChartSvg, planMarkdown, planRouting, type WhatIf } from '@fc/simulation';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { numberOption, withUsage } from './cli-options.js';
import { loadScenario } from './scenario-file.js';

const USAGE = `usage: npm run simulate -- plan [--scenario <file>] [--seed <n>] [--out <dir>]
                                [--move-agents "agent03,agent13 -> Lag 4"]… [--move-skill "foreigners: Lag 1 -> Lag 3"]…

  Simulates the scenario's day (default: the 02800 demo weekday) under skill-based routing and
  under plain FIFO to any agent, and — with --move-agents / --move-skill — under skill-based
  routing on the changed floor. Writes <dir>/routing-plan.md (a Markdown table and findings) and
  <dir>/routing-plan.svg (the chart), default <dir> = reports, and prints the Markdown.

  --move-agents "a,b -> G"        put agents a and b on group G's shift
  --move-skill "s: A -> B"        take skill s from every agent of group A, give it to every agent of B
  --move-skill "s@3: A -> B"      the same, at proficiency 3 (default: A's holders' average)`;

export async function runPlan(args: string[]): Promise<number> {
  const { values } = withUsage(USAGE, () =>
    parseArgs({
      args,
      options: {
        help: { type: 'boolean', default: false },
        scenario: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string', default: 'reports' },
        'move-agents': { type: 'string', multiple: true, default: [] },
        'move-skill': { type: 'string', multiple: true, default: [] },
      },
    }),
  );
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const loaded = await loadScenario(values.scenario);
  const scenario = values.seed === undefined ? loaded : { ...loaded, seed: numberOption(values.seed, 'seed', { min: 0, max: 2 ** 31 - 1, integer: true }) };
  const whatIf: WhatIf = { moveAgents: values['move-agents'].map(parseAgentMove), moveSkills: values['move-skill'].map(parseSkillMove) };

  const started = performance.now();
  process.stderr.write(`simulating ${scenario.name}: skill-based, FIFO${whatIf.moveAgents.length + whatIf.moveSkills.length > 0 ? ', what-if' : ''}…\n`);
  const plan = planRouting(scenario, whatIf);
  const markdown = planMarkdown(plan, 'routing-plan.svg');
  await mkdir(values.out, { recursive: true });
  await writeFile(join(values.out, 'routing-plan.md'), markdown);
  await writeFile(join(values.out, 'routing-plan.svg'), await planChartSvg(plan));
  process.stdout.write(markdown);
  process.stderr.write(`\nwrote ${join(values.out, 'routing-plan.md')} and ${join(values.out, 'routing-plan.svg')} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
}
