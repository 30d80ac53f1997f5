import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { assignLongestIdle, type AvailableAgent, type WaitingCall } from './routing-policy.js';

const at = (sec: number) => new Date(Date.UTC(2026, 10, 23, 8, 0, sec));
const agent = (id: string, idleSinceSec: number, skills: Record<string, number>): AvailableAgent => ({
  id,
  idleSince: at(idleSinceSec),
  skills: new Map(Object.entries(skills)),
});
// The test's own statement of the requirement, independent of the code under test.
const meets = (a: AvailableAgent, c: WaitingCall) =>
  (a.skills.get(c.requiredSkill) ?? 0) >= c.minProficiency && a.skills.has(c.languageSkill) && !c.excludedAgentIds.includes(a.id);
const call = (id: string, queuedAtSec: number, skill: string, minProficiency = 1, extra: Partial<WaitingCall> = {}): WaitingCall => ({
  id,
  priority: 0,
  queuedAt: at(queuedAtSec),
  requiredSkill: skill,
  minProficiency,
  languageSkill: 'lang:nb',
  excludedAgentIds: [],
  ...extra,
});

describe('first routing step (longest idle)', () => {
  it('gives the longest-idle qualified agent to the longest-waiting call', () => {
    const agents = [agent('a1', 30, { passport: 3, 'lang:nb': 5 }), agent('a2', 10, { passport: 3, 'lang:nb': 5 })];
    const calls = [call('c2', 5, 'passport'), call('c1', 1, 'passport')];
    expect(assignLongestIdle(calls, agents)).toEqual([
      { callId: 'c1', agentId: 'a2' },
      { callId: 'c2', agentId: 'a1' },
    ]);
  });

  it('requires the topic skill at the minimum proficiency and the language', () => {
    const weak = agent('weak', 0, { passport: 2, 'lang:nb': 5 });
    const english = agent('english', 0, { passport: 5, 'lang:en': 5 });
    const good = agent('good', 50, { passport: 3, 'lang:nb': 4 });
    expect(assignLongestIdle([call('c', 0, 'passport', 3)], [weak, english, good])).toEqual([{ callId: 'c', agentId: 'good' }]);
    expect(assignLongestIdle([call('c', 0, 'passport', 3)], [weak, english])).toEqual([]);
  });

  it('serves higher priority first, even when it queued later', () => {
    const only = agent('a', 0, { tips: 2, 'lang:nb': 5 });
    const calls = [call('old', 0, 'tips'), call('urgent', 40, 'tips', 1, { priority: 10 })];
    expect(assignLongestIdle(calls, [only])).toEqual([{ callId: 'urgent', agentId: 'a' }]);
  });

  it('skips an agent the call excludes (one who just declined it)', () => {
    const decliner = agent('decliner', 0, { tips: 5, 'lang:nb': 5 });
    expect(assignLongestIdle([call('c', 0, 'tips', 1, { excludedAgentIds: ['decliner'] })], [decliner])).toEqual([]);
  });

  describe('for any calls and agents', () => {
    const skills = ['passport', 'firearms', 'tips'];
    const languages = ['lang:nb', 'lang:en'];
    const arbitraryAgent = fc.record({
      idleSinceSec: fc.integer({ min: 0, max: 600 }),
      skills: fc.dictionary(fc.constantFrom(...skills, ...languages), fc.integer({ min: 1, max: 5 })),
    });
    const arbitraryCall = fc.record({
      queuedAtSec: fc.integer({ min: 0, max: 600 }),
      priority: fc.constantFrom(0, 0, 5, 10),
      skill: fc.constantFrom(...skills),
      language: fc.constantFrom(...languages),
      minProficiency: fc.integer({ min: 1, max: 5 }),
    });
    const world = fc
      .record({ agents: fc.array(arbitraryAgent, { maxLength: 12 }), calls: fc.array(arbitraryCall, { maxLength: 20 }) })
      .map(({ agents, calls }) => ({
        agents: agents.map((a, i) => agent(`a${i}`, a.idleSinceSec, a.skills)),
        calls: calls.map((c, i) => call(`c${i}`, c.queuedAtSec, c.skill, c.minProficiency, { priority: c.priority, languageSkill: c.language })),
      }));

    it('pairs only qualified agents, each agent and call at most once', () => {
      fc.assert(
        fc.property(world, ({ agents, calls }) => {
          const pairs = assignLongestIdle(calls, agents);
          const byId = <T extends { id: string }>(items: T[], id: string) => items.find((x) => x.id === id)!;
          for (const { callId, agentId } of pairs) expect(meets(byId(agents, agentId), byId(calls, callId))).toBe(true);
          expect(new Set(pairs.map((p) => p.agentId)).size).toBe(pairs.length);
          expect(new Set(pairs.map((p) => p.callId)).size).toBe(pairs.length);
        }),
      );
    });

    it('is work-conserving: no unpaired call has an unpaired agent that qualifies for it', () => {
      fc.assert(
        fc.property(world, ({ agents, calls }) => {
          const pairs = assignLongestIdle(calls, agents);
          const freeAgents = agents.filter((a) => !pairs.some((p) => p.agentId === a.id));
          const waiting = calls.filter((c) => !pairs.some((p) => p.callId === c.id));
          for (const c of waiting) for (const a of freeAgents) expect(meets(a, c)).toBe(false);
        }),
      );
    });

    it('is FIFO among calls with the same requirement and priority', () => {
      fc.assert(
        fc.property(world, ({ agents, calls }) => {
          const served = new Set(assignLongestIdle(calls, agents).map((p) => p.callId));
          for (const later of calls) {
            if (!served.has(later.id)) continue;
            const earlierUnserved = calls.find(
              (c) =>
                !served.has(c.id) &&
                c.requiredSkill === later.requiredSkill &&
                c.minProficiency === later.minProficiency &&
                c.languageSkill === later.languageSkill &&
                c.priority === later.priority &&
                c.queuedAt.getTime() < later.queuedAt.getTime(),
            );
            expect(earlierUnserved).toBeUndefined();
          }
        }),
      );
    });
  });
});
