import { describe, expect, it } from '@jest/globals';
import { demoScenario } from './demo-scenario.js';
import { parseScenario } from './scenario.js';

describe('the scenario format', () => {
  it('reads back the demo scenario as JSON', () => {
    const demo = demoScenario();
    expect(parseScenario(JSON.parse(JSON.stringify(demo)))).toEqual(demo);
    expect(demo.agents.map((a) => a.name)).toEqual(Array.from({ length: 40 }, (_, i) => `agent${String(i + 1).padStart(2, '0')}`));
  });

  it('names every problem with its path', () => {
    const demo = JSON.parse(JSON.stringify(demoScenario()));
    demo.day = { start: '19:00', end: '07:00' };
    demo.topics[0].callsPerHour = [1, 2, 3];
    demo.topics[1].talkSec = { kind: 'lognormal', meanSec: 200 };
    demo.agents[2].group = 'Lag 9';
    demo.agents[3].name = 'agent01';
    demo.behaviour.declineChance = 1.5;
    demo.groups[0].shift.start = '7am';
    expect(() => parseScenario(demo)).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(
          /day: the day must end after it starts[\s\S]*topics\.0\.callsPerHour[\s\S]*topics\.1\.talkSec\.sdSec[\s\S]*groups\.0\.shift\.start: a time of day must be HH:MM[\s\S]*behaviour\.declineChance/,
        ),
      }),
    );
    const groupAndName = JSON.parse(JSON.stringify(demoScenario()));
    groupAndName.agents[2].group = 'Lag 9';
    groupAndName.agents[3].name = 'agent01';
    expect(() => parseScenario(groupAndName)).toThrow(/agents\.2\.group: agent agent03 is in group Lag 9, which the scenario does not define\n {2}agents\.3\.name: agent agent01 appears twice/);
  });

  it('refuses what is not a scenario at all', () => {
    expect(() => parseScenario(null)).toThrow('the scenario is not valid');
    expect(() => parseScenario({ name: 'x' })).toThrow(/seed[\s\S]*topics/);
  });
});
