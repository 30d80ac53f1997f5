import { ScenarioError, type Scenario } from './scenario.js';

/**
 * A planner's change to the floor. Groups are the scenario's teams: a group sets its agents' shift
 * and breaks. Moving agents puts them on another group's shift; moving a skill takes it from every
 * agent of one group and gives it to every agent of another.
 */
export interface WhatIf {
  moveAgents: { agents: string[]; toGroup: string }[];
  moveSkills: { skill: string; fromGroup: string; toGroup: string; proficiency?: number }[];
}

/** `"agent03,agent13 -> Lag 4"` */
export function parseAgentMove(text: string): WhatIf['moveAgents'][number] {
  const match = /^\s*([^>]+?)\s*->\s*(.+?)\s*$/.exec(text);
  const agents =
    match?.[1]!
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean) ?? [];
  if (!match || agents.length === 0) throw new ScenarioError(`a move of agents reads "agent03,agent13 -> Lag 4", not "${text}"`);
  return { agents, toGroup: match[2]! };
}

/** `"foreigners: Lag 1 -> Lag 3"`, optionally `"foreigners@3: Lag 1 -> Lag 3"` for the proficiency they get. */
export function parseSkillMove(text: string): WhatIf['moveSkills'][number] {
  const match = /^\s*([^:@]+?)\s*(?:@\s*([1-5]))?\s*:\s*(.+?)\s*->\s*(.+?)\s*$/.exec(text);
  if (!match) throw new ScenarioError(`a move of a skill reads "foreigners: Lag 1 -> Lag 3" (or "foreigners@3: …"), not "${text}"`);
  return { skill: match[1]!, fromGroup: match[3]!, toGroup: match[4]!, ...(match[2] ? { proficiency: Number(match[2]) } : {}) };
}

/** A short description of a what-if for a report's column and heading. */
export function describeWhatIf(whatIf: WhatIf): string {
  return [
    ...whatIf.moveAgents.map((m) => `${m.agents.join(', ')} → ${m.toGroup}`),
    ...whatIf.moveSkills.map((m) => `skill ${m.skill}${m.proficiency ? ` (${m.proficiency})` : ''}: ${m.fromGroup} → ${m.toGroup}`),
  ].join('; ');
}

/**
 * The scenario with the what-if applied; names that do not exist are refused. A moved skill keeps
 * the proficiency its holders had on average (rounded), unless one is given; an agent who already
 * holds it keeps the higher of the two.
 */
export function applyWhatIf(scenario: Scenario, whatIf: WhatIf): Scenario {
  const groups = new Set(scenario.groups.map((g) => g.name));
  const knownGroup = (name: string) => {
    if (!groups.has(name)) throw new ScenarioError(`there is no group "${name}"; the groups are ${[...groups].join(', ')}`);
  };
  const agents = scenario.agents.map((a) => ({ ...a, skills: { ...a.skills } }));
  const byName = new Map(agents.map((a) => [a.name, a]));
  for (const move of whatIf.moveAgents) {
    knownGroup(move.toGroup);
    for (const name of move.agents) {
      const agent = byName.get(name);
      if (!agent) throw new ScenarioError(`there is no agent "${name}" in the scenario`);
      agent.group = move.toGroup;
    }
  }
  for (const move of whatIf.moveSkills) {
    knownGroup(move.fromGroup);
    knownGroup(move.toGroup);
    const holders = agents.filter((a) => a.group === move.fromGroup && a.skills[move.skill] !== undefined);
    if (holders.length === 0) throw new ScenarioError(`nobody in ${move.fromGroup} holds the skill "${move.skill}"`);
    const proficiency = move.proficiency ?? Math.round(holders.reduce((sum, a) => sum + a.skills[move.skill]!, 0) / holders.length);
    for (const agent of holders) delete agent.skills[move.skill];
    for (const agent of agents.filter((a) => a.group === move.toGroup)) agent.skills[move.skill] = Math.max(agent.skills[move.skill] ?? 0, proficiency);
  }
  return { ...scenario, agents };
}
