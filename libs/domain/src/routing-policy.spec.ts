import { describe, expect, it } from '@jest/globals';
import type { EscalationStep, RoutingStrategy } from '@fc/contracts';
import fc from 'fast-check';
import { meetsRequirement } from './escalation.js';
import { planRound, RoutingIndex, type RoutableAgent, type WaitingCall } from './routing-policy.js';

const NOW = new Date(Date.UTC(2026, 10, 23, 9, 0, 0));
const secondsAgo = (sec: number) => new Date(NOW.getTime() - sec * 1000);

const agent = (id: string, idleSec: number, skills: Record<string, number>, extra: Partial<RoutableAgent> = {}): RoutableAgent => ({
  id,
  available: true,
  idleSince: secondsAgo(idleSec),
  skills: new Map(Object.entries(skills)),
  occupancy: 0,
  lastOfferedAt: null,
  ...extra,
});

const call = (
  id: string,
  waitedSec: number,
  skill: string,
  options: {
    minProficiency?: number;
    steps?: EscalationStep[];
    strategy?: RoutingStrategy;
    priority?: number;
    language?: string;
    excluded?: string[];
    queuedSecAgo?: number;
    reachedStep?: number;
  } = {},
): WaitingCall => ({
  id,
  priority: options.priority ?? 0,
  queuedAt: secondsAgo(options.queuedSecAgo ?? waitedSec),
  waitingSince: secondsAgo(waitedSec),
  escalationStep: options.reachedStep ?? -1,
  topic: { skill, minProficiency: options.minProficiency ?? 1, steps: options.steps ?? [], strategy: options.strategy ?? 'most_proficient_longest_idle' },
  languageSkill: options.language ?? 'lang:nb',
  excludedAgentIds: options.excluded ?? [],
});

const pairs = (calls: WaitingCall[], agents: RoutableAgent[]) => planRound(calls, agents, NOW).assignments.map((a) => `${a.callId}→${a.agentId}`);

describe('routing policy: examples', () => {
  it('most proficient first, then longest idle (the default strategy)', () => {
    const agents = [agent('junior-idle-long', 600, { tips: 2, 'lang:nb': 5 }), agent('expert', 10, { tips: 5, 'lang:nb': 5 }), agent('expert-idle-long', 300, { tips: 5, 'lang:nb': 5 })];
    expect(pairs([call('c1', 0, 'tips'), call('c2', 0, 'tips', { queuedSecAgo: 0 })], agents)).toEqual(['c1→expert-idle-long', 'c2→expert']);
  });

  it('longest idle ignores proficiency above the minimum', () => {
    const agents = [agent('junior', 600, { tips: 2, 'lang:nb': 5 }), agent('expert', 10, { tips: 5, 'lang:nb': 5 })];
    expect(pairs([call('c', 0, 'tips', { strategy: 'longest_idle' })], agents)).toEqual(['c→junior']);
  });

  it('least occupied takes the agent with least work today', () => {
    const agents = [agent('busy', 600, { tips: 3, 'lang:nb': 5 }, { occupancy: 12 }), agent('fresh', 5, { tips: 3, 'lang:nb': 5 }, { occupancy: 2 })];
    expect(pairs([call('c', 0, 'tips', { strategy: 'least_occupied' })], agents)).toEqual(['c→fresh']);
  });

  it('round robin takes the agent offered a call longest ago, never-offered first', () => {
    const agents = [
      agent('recent', 600, { tips: 3, 'lang:nb': 5 }, { lastOfferedAt: secondsAgo(10) }),
      agent('long-ago', 5, { tips: 3, 'lang:nb': 5 }, { lastOfferedAt: secondsAgo(900) }),
      agent('never', 1, { tips: 3, 'lang:nb': 5 }),
    ];
    expect(pairs([call('c1', 2, 'tips', { strategy: 'round_robin' }), call('c2', 1, 'tips', { strategy: 'round_robin' })], agents)).toEqual(['c1→never', 'c2→long-ago']);
  });

  it('serves higher priority first (a transferred caller), then the longest waiting', () => {
    const only = agent('a', 0, { tips: 2, 'lang:nb': 5 });
    expect(pairs([call('old', 100, 'tips'), call('transferred', 5, 'tips', { priority: 10 })], [only])).toEqual(['transferred→a']);
  });

  it('keeps a callback in its original place: its queue time, not its arrival', () => {
    const only = agent('a', 0, { tips: 2, 'lang:nb': 5 });
    const callback = call('callback', 1, 'tips', { queuedSecAgo: 300 });
    expect(pairs([call('fresh', 60, 'tips'), callback], [only])).toEqual(['callback→a']);
  });

  it('lowers the bar over waiting time: an expert-only step first, anyone skilled later', () => {
    const steps = [
      { afterSec: 0, minProficiency: 4 },
      { afterSec: 30, minProficiency: 2 },
    ];
    const junior = agent('junior', 100, { passport: 2, 'lang:nb': 5 });
    const busyExpert = agent('busy-expert', 0, { passport: 5, 'lang:nb': 5 }, { available: false });
    expect(pairs([call('young', 10, 'passport', { steps })], [junior, busyExpert])).toEqual([]);
    expect(pairs([call('old', 31, 'passport', { steps })], [junior, busyExpert])).toEqual(['old→junior']);
  });

  it('skips an expert-only step at once when no expert is logged in at all', () => {
    const steps = [
      { afterSec: 0, minProficiency: 4 },
      { afterSec: 30, minProficiency: 2 },
    ];
    const plan = planRound([call('young', 10, 'passport', { steps })], [agent('junior', 100, { passport: 2, 'lang:nb': 5 })], NOW);
    expect(plan.assignments).toEqual([{ callId: 'young', agentId: 'junior' }]);
    expect(plan.escalations[0]).toMatchObject({ stepIndex: 1, skipped: 1 });
  });

  it('keeps the step a call reached by skipping when an expert logs in afterwards', () => {
    const steps = [
      { afterSec: 0, minProficiency: 4 },
      { afterSec: 30, minProficiency: 2 },
    ];
    // The call skipped to step 1 while nobody could meet step 0; now an expert is logged in (busy).
    const busyExpert = agent('expert', 100, { passport: 5, 'lang:nb': 5 }, { available: false });
    const plan = planRound([call('young', 10, 'passport', { steps, reachedStep: 1 })], [agent('junior', 100, { passport: 2, 'lang:nb': 5 }), busyExpert], NOW);
    expect(plan.escalations[0]).toMatchObject({ stepIndex: 1, skipped: 0 });
    expect(plan.assignments).toEqual([{ callId: 'young', agentId: 'junior' }]);
    // Without a step reached, its age alone would put it on step 0, which the junior cannot meet.
    expect(planRound([call('young', 10, 'passport', { steps })], [agent('junior', 100, { passport: 2, 'lang:nb': 5 }), busyExpert], NOW).assignments).toEqual([]);
  });

  it('lets generalists take the call once the step includes them', () => {
    const steps = [
      { afterSec: 0, minProficiency: 2 },
      { afterSec: 90, includeGeneralists: true },
    ];
    const generalist = agent('generalist', 0, { general: 3, 'lang:nb': 5 });
    const busySpecialist = agent('specialist', 0, { lost_property: 3, 'lang:nb': 5 }, { available: false });
    expect(pairs([call('c', 60, 'lost_property', { steps })], [generalist, busySpecialist])).toEqual([]);
    expect(pairs([call('c', 95, 'lost_property', { steps })], [generalist, busySpecialist])).toEqual(['c→generalist']);
  });

  it('never offers a call to an agent it excludes, nor to one without the language', () => {
    const agents = [agent('decliner', 900, { tips: 5, 'lang:nb': 5 }), agent('english', 900, { tips: 5, 'lang:en': 5 }), agent('other', 1, { tips: 1, 'lang:nb': 5 })];
    expect(pairs([call('c', 0, 'tips', { excluded: ['decliner'] })], agents)).toEqual(['c→other']);
  });

  it('orders by time whatever the span of the times, and by id where times tie', () => {
    // Times millennia apart cannot fold with a position into one exact number: the slower sort takes over.
    const ancient = new Date(-8.6e15);
    const agents = [
      agent('b-tied', 0, { tips: 3, 'lang:nb': 5 }, { idleSince: ancient }),
      agent('recent', 5, { tips: 3, 'lang:nb': 5 }),
      agent('a-tied', 0, { tips: 3, 'lang:nb': 5 }, { idleSince: ancient }),
    ];
    const calls = ['c1', 'c2', 'c3'].map((id, i) => call(id, 0, 'tips', { strategy: 'longest_idle', queuedSecAgo: 3 - i }));
    expect(pairs(calls, agents)).toEqual(['c1→a-tied', 'c2→b-tied', 'c3→recent']);
    const robin = [
      agent('never', 1, { tips: 3, 'lang:nb': 5 }),
      agent('far-back', 2, { tips: 3, 'lang:nb': 5 }, { lastOfferedAt: ancient }),
      agent('lately', 3, { tips: 3, 'lang:nb': 5 }, { lastOfferedAt: secondsAgo(5) }),
    ];
    const robinCalls = ['c1', 'c2', 'c3'].map((id, i) => call(id, 0, 'tips', { strategy: 'round_robin', queuedSecAgo: 3 - i }));
    expect(pairs(robinCalls, robin)).toEqual(['c1→never', 'c2→far-back', 'c3→lately']);
  });

  it('never offers to an agent who is logged in but busy', () => {
    expect(pairs([call('c', 0, 'tips')], [agent('busy', 900, { tips: 5, 'lang:nb': 5 }, { available: false })])).toEqual([]);
  });
});

// ——— Properties, checked against a model written here, independent of the code under test ———

interface ModelTopic {
  skill: string;
  minProficiency: number;
  steps: readonly EscalationStep[];
}

/** The requirement DESIGN §4 asks for, computed the slow obvious way. */
function modelRequirement(topic: ModelTopic, language: string, ageSec: number, loggedIn: RoutableAgent[]) {
  const at = (index: number) => {
    let minProficiency = topic.minProficiency;
    let generalists = false;
    for (let i = 0; i <= index; i++) {
      if (topic.steps[i]!.minProficiency !== undefined) minProficiency = topic.steps[i]!.minProficiency!;
      if (topic.steps[i]!.includeGeneralists !== undefined) generalists = topic.steps[i]!.includeGeneralists!;
    }
    return { minProficiency, generalists };
  };
  // The domain's plain rule, which the round no longer calls: it reads the same from its index.
  const meets = (a: RoutableAgent, r: { minProficiency: number; generalists: boolean }) =>
    meetsRequirement(a.skills, { skill: topic.skill, minProficiency: r.minProficiency, languageSkill: language, includeGeneralists: r.generalists });
  let index = topic.steps.filter((s) => s.afterSec <= ageSec).length - 1;
  while (index + 1 < topic.steps.length && !loggedIn.some((a) => meets(a, at(index)))) index++;
  const requirement = at(index);
  return { requirement, meets: (a: RoutableAgent) => meets(a, requirement) };
}

const skills = ['passport', 'firearms', 'tips'];
const languages = ['lang:nb', 'lang:en'];
const arbitraryAgent = fc.record({
  idleSec: fc.integer({ min: 0, max: 600 }),
  available: fc.boolean(),
  // Mostly whole (calls today), sometimes not and sometimes far apart: every way a ranking sorts.
  occupancy: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.double({ min: 0, max: 20, noNaN: true }), fc.integer({ min: 0, max: 5000 })),
  lastOfferedSec: fc.option(fc.integer({ min: 0, max: 900 }), { nil: null }),
  skills: fc.dictionary(fc.constantFrom(...skills, ...languages, 'general'), fc.integer({ min: 1, max: 5 })),
});
const arbitraryTopic = fc.record({
  minProficiency: fc.integer({ min: 1, max: 5 }),
  strategy: fc.constantFrom<RoutingStrategy>('most_proficient_longest_idle', 'longest_idle', 'least_occupied', 'round_robin'),
  steps: fc
    .uniqueArray(
      fc.record({
        afterSec: fc.integer({ min: 0, max: 200 }),
        minProficiency: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
        includeGeneralists: fc.option(fc.boolean(), { nil: undefined }),
      }),
      { selector: (s) => s.afterSec, maxLength: 3 },
    )
    .map((steps) => [...steps].sort((a, b) => a.afterSec - b.afterSec).map((s) => Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as unknown as EscalationStep)),
});
type ArbitraryAgent = typeof arbitraryAgent extends fc.Arbitrary<infer A> ? A : never;
const agentOf = (id: string, a: ArbitraryAgent) =>
  agent(id, a.idleSec, a.skills, { available: a.available, occupancy: a.occupancy, lastOfferedAt: a.lastOfferedSec === null ? null : secondsAgo(a.lastOfferedSec) });
const world = fc
  .record({
    agents: fc.array(arbitraryAgent, { maxLength: 14 }),
    topics: fc.tuple(arbitraryTopic, arbitraryTopic, arbitraryTopic),
    calls: fc.array(
      fc.record({
        waitedSec: fc.integer({ min: 0, max: 300 }),
        priority: fc.constantFrom(0, 0, 5, 10),
        topic: fc.integer({ min: 0, max: 2 }),
        language: fc.constantFrom(...languages),
        excluded: fc.option(fc.integer({ min: 0, max: 13 }), { nil: null }),
      }),
      { maxLength: 24 },
    ),
  })
  .map(({ agents, topics, calls }) => ({
    agents: agents.map((a, i) => agentOf(`a${i}`, a)),
    calls: calls.map((c, i) => {
      const t = topics[c.topic]!;
      return call(`c${i}`, c.waitedSec, skills[c.topic]!, {
        minProficiency: t.minProficiency,
        steps: t.steps,
        strategy: t.strategy,
        priority: c.priority,
        language: c.language,
        excluded: c.excluded === null ? [] : [`a${c.excluded}`],
      });
    }),
  }));

describe('routing policy: for any calls and agents', () => {
  const ageOf = (c: WaitingCall) => (NOW.getTime() - c.waitingSince.getTime()) / 1000;
  const modelOf = (c: WaitingCall, agents: RoutableAgent[]) => modelRequirement(c.topic, c.languageSkill, ageOf(c), agents);

  it('pairs only available agents who meet the call’s current requirement, each agent and call at most once', () => {
    fc.assert(
      fc.property(world, ({ agents, calls }) => {
        const { assignments } = planRound(calls, agents, NOW);
        for (const { callId, agentId } of assignments) {
          const a = agents.find((x) => x.id === agentId)!;
          expect(a.available).toBe(true);
          expect(
            modelOf(
              calls.find((x) => x.id === callId)!,
              agents,
            ).meets(a),
          ).toBe(true);
        }
        expect(new Set(assignments.map((p) => p.agentId)).size).toBe(assignments.length);
        expect(new Set(assignments.map((p) => p.callId)).size).toBe(assignments.length);
      }),
    );
  });

  it('is work-conserving: no unpaired call has a free available agent who meets its requirement and is not excluded', () => {
    fc.assert(
      fc.property(world, ({ agents, calls }) => {
        const { assignments } = planRound(calls, agents, NOW);
        const free = agents.filter((a) => a.available && !assignments.some((p) => p.agentId === a.id));
        for (const c of calls.filter((x) => !assignments.some((p) => p.callId === x.id))) {
          const { meets } = modelOf(c, agents);
          expect(free.filter((a) => meets(a) && !c.excludedAgentIds.includes(a.id)).map((a) => a.id)).toEqual([]);
        }
      }),
    );
  });

  it('is FIFO among calls with the same requirement and priority, unless the earlier call excludes the agent', () => {
    fc.assert(
      fc.property(world, ({ agents, calls }) => {
        const served = new Map(planRound(calls, agents, NOW).assignments.map((p) => [p.callId, p.agentId]));
        const signature = (c: WaitingCall) => JSON.stringify([c.topic, c.languageSkill, c.priority, modelOf(c, agents).requirement]);
        for (const later of calls.filter((c) => served.has(c.id))) {
          const skippedEarlier = calls.find(
            (c) => !served.has(c.id) && signature(c) === signature(later) && c.queuedAt.getTime() < later.queuedAt.getTime() && !c.excludedAgentIds.includes(served.get(later.id)!),
          );
          expect(skippedEarlier).toBeUndefined();
        }
      }),
    );
  });

  it('gives each call, in call order, the best free agent who meets its requirement by its topic’s strategy', () => {
    // Smaller is better: the strategy's keys, then the agent id. A generalist who counts for the
    // step is ranked by their general proficiency, and by their topic's where they also meet it.
    const keysOf = (a: RoutableAgent, strategy: RoutingStrategy, proficiency: number): number[] => {
      const idle = a.idleSince.getTime();
      if (strategy === 'most_proficient_longest_idle') return [-proficiency, idle];
      if (strategy === 'longest_idle') return [idle, 0];
      if (strategy === 'least_occupied') return [a.occupancy, idle];
      return [a.lastOfferedAt?.getTime() ?? -Infinity, idle];
    };
    const before = (x: { keys: number[]; id: string }, y: { keys: number[]; id: string }) => x.keys[0]! - y.keys[0]! || x.keys[1]! - y.keys[1]! || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
    fc.assert(
      fc.property(world, ({ agents, calls }) => {
        const order = [...calls].sort((x, y) => y.priority - x.priority || x.queuedAt.getTime() - y.queuedAt.getTime() || (x.id < y.id ? -1 : 1));
        const taken = new Set<string>();
        const expected: string[] = [];
        for (const c of order) {
          const { requirement } = modelOf(c, agents);
          const candidates = agents
            .filter((a) => a.available && !taken.has(a.id) && !c.excludedAgentIds.includes(a.id) && a.skills.has(c.languageSkill))
            .flatMap((a) => {
              const ranked: { keys: number[]; id: string }[] = [];
              const own = a.skills.get(c.topic.skill) ?? 0;
              if (own >= requirement.minProficiency) ranked.push({ keys: keysOf(a, c.topic.strategy, own), id: a.id });
              if (requirement.generalists && a.skills.has('general')) ranked.push({ keys: keysOf(a, c.topic.strategy, a.skills.get('general')!), id: a.id });
              return ranked;
            })
            .sort(before);
          if (!candidates.length) continue;
          taken.add(candidates[0]!.id);
          expected.push(`${c.id}→${candidates[0]!.id}`);
        }
        expect(pairs(calls, agents)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('is deterministic: the order calls and agents come in does not matter', () => {
    fc.assert(
      fc.property(world, ({ agents, calls }) => {
        const forward = planRound(calls, agents, NOW).assignments;
        const backward = planRound([...calls].reverse(), [...agents].reverse(), NOW).assignments;
        expect(backward).toEqual(forward);
      }),
    );
  });
});

describe('routing index: the floor kept between rounds', () => {
  it('moves an agent whose idle time changed behind an equally proficient one idle longer', () => {
    const index = new RoutingIndex();
    index.put(agent('x', 100, { tips: 3, 'lang:nb': 5 }));
    index.put(agent('y', 50, { tips: 3, 'lang:nb': 5 }));
    const calls = [call('c', 0, 'tips')];
    expect(index.plan(calls, NOW).assignments).toEqual([{ callId: 'c', agentId: 'x' }]);
    index.put(agent('x', 10, { tips: 3, 'lang:nb': 5 })); // offered, declined, available again
    expect(index.plan(calls, NOW).assignments).toEqual([{ callId: 'c', agentId: 'y' }]);
    index.put(agent('y', 50, { tips: 3, 'lang:nb': 5 }, { available: false }));
    expect(index.plan(calls, NOW).assignments).toEqual([{ callId: 'c', agentId: 'x' }]);
    index.remove('x');
    expect(index.plan(calls, NOW).assignments).toEqual([]);
  });

  // Agents come, change and go, with rounds in between, as the routing leader's floor sees them:
  // mostly a new state and times with the same skills, sometimes new skills too; a14 and a15 are
  // never in the world, so some puts are new agents.
  const edits = fc.array(fc.record({ at: fc.integer({ min: 0, max: 15 }), agent: arbitraryAgent, sameSkills: fc.boolean(), remove: fc.boolean(), plan: fc.boolean() }), { maxLength: 30 });

  it('plans what a fresh round over the same agents plans, after any changes and rounds', () => {
    fc.assert(
      fc.property(world, edits, ({ agents, calls }, steps) => {
        const index = new RoutingIndex();
        const current = new Map(agents.map((a) => [a.id, a]));
        for (const a of agents) index.put(a);
        index.plan(calls, NOW);
        for (const step of steps) {
          const id = `a${step.at}`;
          if (step.remove) {
            index.remove(id);
            current.delete(id);
          } else {
            const changed = agentOf(id, step.agent);
            if (step.sameSkills) changed.skills = current.get(id)?.skills ?? changed.skills;
            index.put(changed);
            current.set(id, changed);
          }
          if (step.plan) expect(index.plan(calls, NOW)).toEqual(planRound(calls, [...current.values()], NOW));
        }
        expect(index.plan(calls, NOW)).toEqual(planRound(calls, [...current.values()], NOW));
        expect([...index.agents()].map((a) => a.id).sort()).toEqual([...current.keys()].sort());
      }),
      { numRuns: 300 },
    );
  });

  it('leaves agents it is told are unavailable out of that round alone, still counting them for escalation', () => {
    fc.assert(
      fc.property(world, fc.uniqueArray(fc.integer({ min: 0, max: 13 })), ({ agents, calls }, left) => {
        const index = new RoutingIndex();
        for (const a of agents) index.put(a);
        const unavailable = left.map((i) => `a${i}`);
        const asUnavailable = agents.map((a) => (unavailable.includes(a.id) ? { ...a, available: false } : a));
        expect(index.plan(calls, NOW, unavailable)).toEqual(planRound(calls, asUnavailable, NOW));
        expect(index.plan(calls, NOW)).toEqual(planRound(calls, agents, NOW));
      }),
    );
  });
});
