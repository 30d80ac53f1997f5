import { describe, expect, it } from '@jest/globals';
import { demoScenario } from './demo-scenario.js';
import { ScenarioError } from './scenario.js';
import { applyWhatIf, parseAgentMove, parseSkillMove } from './what-if.js';

const demo = demoScenario();
const agent = (scenario: typeof demo, name: string) => scenario.agents.find((a) => a.name === name)!;

describe('what-if', () => {
  it('moves named agents to another group, and so onto its shift', () => {
    const changed = applyWhatIf(demo, { moveAgents: [parseAgentMove('agent01, agent05 -> Lag 4')], moveSkills: [] });
    expect(agent(changed, 'agent01').group).toBe('Lag 4');
    expect(agent(changed, 'agent05').group).toBe('Lag 4');
    expect(agent(demo, 'agent01').group).toBe('Lag 1');
    expect(agent(changed, 'agent02').group).toBe(agent(demo, 'agent02').group);
  });

  it('takes a skill from every agent of one group and gives it to every agent of another', () => {
    const holders = demo.agents.filter((a) => a.group === 'Lag 1' && a.skills.firearms !== undefined);
    expect(holders.length).toBeGreaterThan(0);
    const changed = applyWhatIf(demo, { moveAgents: [], moveSkills: [parseSkillMove('firearms@3: Lag 1 -> Lag 2')] });
    expect(changed.agents.filter((a) => a.group === 'Lag 1' && a.skills.firearms !== undefined)).toEqual([]);
    for (const a of changed.agents.filter((x) => x.group === 'Lag 2')) expect(a.skills.firearms).toBe(Math.max(3, agent(demo, a.name).skills.firearms ?? 0));
    expect(agent(demo, holders[0]!.name).skills.firearms).toBeDefined();
  });

  it("gives a moved skill its holders' average proficiency unless told", () => {
    const holders = demo.agents.filter((a) => a.group === 'Lag 3' && a.skills.passport !== undefined);
    const average = Math.round(holders.reduce((sum, a) => sum + a.skills.passport!, 0) / holders.length);
    const changed = applyWhatIf(demo, { moveAgents: [], moveSkills: [parseSkillMove('passport: Lag 3 -> Lag 4')] });
    const newcomer = changed.agents.find((a) => a.group === 'Lag 4' && agent(demo, a.name).skills.passport === undefined)!;
    expect(newcomer.skills.passport).toBe(average);
  });

  it('refuses names that do not exist and moves it cannot read', () => {
    expect(() => applyWhatIf(demo, { moveAgents: [{ agents: ['agent99'], toGroup: 'Lag 1' }], moveSkills: [] })).toThrow('there is no agent "agent99"');
    expect(() => applyWhatIf(demo, { moveAgents: [{ agents: ['agent01'], toGroup: 'Lag 9' }], moveSkills: [] })).toThrow('there is no group "Lag 9"; the groups are Lag 1, Lag 2, Lag 3, Lag 4');
    expect(() => applyWhatIf(demo, { moveAgents: [], moveSkills: [{ skill: 'astrology', fromGroup: 'Lag 1', toGroup: 'Lag 2' }] })).toThrow('nobody in Lag 1 holds the skill "astrology"');
    expect(() => parseAgentMove('agent01 Lag 4')).toThrow(ScenarioError);
    expect(() => parseSkillMove('firearms Lag 1 -> Lag 2')).toThrow('a move of a skill reads');
    expect(() => parseSkillMove('firearms@9: Lag 1 -> Lag 2')).toThrow(ScenarioError);
  });
});
