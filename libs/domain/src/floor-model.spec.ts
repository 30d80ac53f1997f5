import { describe, expect, it } from '@jest/globals';
import type { FloorAgentView, FloorCallView } from '@fc/contracts';
import { FloorModel } from './floor-model.js';

const topics = [
  { topicKey: 'passport', nameNb: 'Pass og ID', nameEn: 'Passport and ID', serviceLevelTargetSec: 20, serviceLevelTargetPct: 80 },
  { topicKey: 'tips', nameNb: 'Tips', nameEn: 'Tips', serviceLevelTargetSec: 30, serviceLevelTargetPct: 70 },
];

const call = (id: string, version: number, state: FloorCallView['state'], extra: Partial<FloorCallView> = {}): FloorCallView => ({
  id,
  version,
  state,
  direction: 'inbound',
  topicKey: 'passport',
  language: 'nb',
  priority: 0,
  transferCount: 0,
  agentId: null,
  queuedAt: '2026-11-23T09:00:00.000Z',
  waitingSince: '2026-11-23T09:00:00.000Z',
  answeredAt: null,
  offerExpiresAt: null,
  escalationStep: 0,
  callbackOffered: false,
  outcome: null,
  ...extra,
});

const agent = (id: string, version: number, state: FloorAgentView['state']): FloorAgentView => ({
  id,
  version,
  username: id,
  displayName: id,
  team: null,
  state,
  stateReason: null,
  stateSince: '2026-11-23T09:00:00.000Z',
  skills: [],
});

function model(): FloorModel {
  const floor = new FloorModel();
  floor.setTopics(topics);
  return floor;
}

describe('the live floor model', () => {
  it("counts each topic's queue from its live calls: waiting, the oldest queue time, offered, connected, wrap-up", () => {
    const floor = model();
    floor.applyCall(call('c1', 2, 'queued', { queuedAt: '2026-11-23T09:00:05.000Z' }));
    floor.applyCall(call('c2', 2, 'queued', { queuedAt: '2026-11-23T09:00:01.000Z' }));
    floor.applyCall(call('c3', 3, 'offered', { agentId: 'a1' }));
    floor.applyCall(call('c4', 5, 'connected', { agentId: 'a2' }));
    floor.applyCall(call('c5', 6, 'wrap_up', { agentId: 'a3' }));
    floor.applyCall(call('c6', 2, 'queued', { topicKey: 'tips' }));
    expect(floor.queues()).toEqual([
      { ...topics[0], waiting: 2, oldestQueuedAt: '2026-11-23T09:00:01.000Z', offered: 1, connected: 1, wrapUp: 1, callbacksWaiting: 0, dialling: 0 },
      { ...topics[1], waiting: 1, oldestQueuedAt: '2026-11-23T09:00:00.000Z', offered: 0, connected: 0, wrapUp: 0, callbacksWaiting: 0, dialling: 0 },
    ]);
  });

  it('counts callbacks apart from the callers on the line: waiting or scheduled, and being dialled', () => {
    const floor = model();
    floor.applyCall(call('c1', 2, 'queued', { queuedAt: '2026-11-23T09:00:05.000Z' }));
    floor.applyCall(call('cb1', 2, 'queued', { direction: 'callback', queuedAt: '2026-11-23T08:00:00.000Z' }));
    floor.applyCall(call('cb2', 3, 'scheduled', { direction: 'callback' }));
    floor.applyCall(call('cb3', 4, 'dialling', { direction: 'callback', agentId: 'a1' }));
    // A callback whose caller answered and was transferred on waits on the line like any caller.
    floor.applyCall(call('cb4', 9, 'queued', { direction: 'callback', answeredAt: '2026-11-23T09:01:00.000Z', queuedAt: '2026-11-23T09:00:01.000Z' }));
    floor.applyCall(call('cb5', 5, 'unreachable', { direction: 'callback' }));
    expect(floor.queue('passport')).toEqual({ ...topics[0], waiting: 2, oldestQueuedAt: '2026-11-23T09:00:01.000Z', offered: 0, connected: 0, wrapUp: 0, callbacksWaiting: 2, dialling: 1 });
    expect(floor.call('cb5')).toBeUndefined();
  });

  it('ignores a change older than, or the same as, what it holds', () => {
    const floor = model();
    expect(floor.applyCall(call('c1', 3, 'offered', { agentId: 'a1' }))).toBe(true);
    expect(floor.applyCall(call('c1', 2, 'queued'))).toBe(false);
    expect(floor.applyCall(call('c1', 3, 'queued'))).toBe(false);
    expect(floor.call('c1')!.state).toBe('offered');
    expect(floor.applyAgent(agent('a1', 4, 'reserved'))).toBe(true);
    expect(floor.applyAgent(agent('a1', 3, 'available'))).toBe(false);
    expect(floor.agent('a1')!.state).toBe('reserved');
  });

  it('lets a finished call leave the floor for good: a late, older change cannot bring it back', () => {
    const floor = model();
    floor.applyCall(call('c1', 2, 'queued'));
    expect(floor.applyCall(call('c1', 7, 'completed'))).toBe(true);
    expect(floor.call('c1')).toBeUndefined();
    expect(floor.applyCall(call('c1', 5, 'wrap_up'))).toBe(false);
    expect(floor.snapshot(new Date()).calls).toEqual([]);
    expect(floor.queue('passport')!.wrapUp).toBe(0);
  });

  it('rebuilds the same floor from its own snapshot', () => {
    const floor = model();
    floor.applyCall(call('c2', 2, 'queued'));
    floor.applyCall(call('c1', 4, 'offered', { agentId: 'a1' }));
    floor.applyAgent(agent('a1', 9, 'reserved'));
    const snapshot = floor.snapshot(new Date('2026-11-23T10:00:00Z'));
    expect(snapshot.calls.map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(FloorModel.fromSnapshot(snapshot).snapshot(new Date('2026-11-23T10:00:00Z'))).toEqual(snapshot);
  });

  it('lists the calls offered to or held by one agent', () => {
    const floor = FloorModel.of({ topics, calls: [call('c1', 3, 'offered', { agentId: 'a1' }), call('c2', 5, 'connected', { agentId: 'a2' }), call('c3', 2, 'queued')], agents: [] });
    expect(floor.callsOf('a1').map((c) => c.id)).toEqual(['c1']);
    expect(floor.callsOf('a3')).toEqual([]);
  });

  it("counts a topic's staff for a language: qualified and speaking, idle or taken by a call, ringable when asked", () => {
    const skilled = (id: string, state: FloorAgentView['state'], skills: FloorAgentView['skills']): FloorAgentView => ({ ...agent(id, 1, state), skills });
    const passport = (proficiency: number) => ({ skillKey: 'passport', proficiency });
    const norwegian = { skillKey: 'lang:nb', proficiency: 5 };
    const model = FloorModel.of({
      topics,
      calls: [],
      agents: [
        skilled('idle', 'available', [passport(3), norwegian]),
        skilled('reserved', 'reserved', [passport(4), norwegian]),
        skilled('talking', 'on_call', [passport(5), norwegian]),
        skilled('wrapping', 'wrap_up', [passport(3), norwegian]),
        skilled('resting', 'break', [passport(5), norwegian]),
        skilled('gone', 'offline', [passport(5), norwegian]),
        skilled('novice', 'available', [passport(2), norwegian]),
        skilled('english', 'available', [passport(5), { skillKey: 'lang:en', proficiency: 5 }]),
        skilled('other-topic', 'available', [{ skillKey: 'tips', proficiency: 5 }, norwegian]),
      ],
    });
    expect(model.staffOf('passport', 3, 'lang:nb')).toEqual({ idle: 1, busy: 3 });
    expect(model.staffOf('passport', 2, 'lang:nb')).toEqual({ idle: 2, busy: 3 });
    expect(model.staffOf('passport', 5, 'lang:nb')).toEqual({ idle: 0, busy: 1 });
    expect(model.staffOf('passport', 1, 'lang:en')).toEqual({ idle: 1, busy: 0 });
    expect(model.staffOf('passport', 1, 'lang:nb', (id) => id !== 'idle' && id !== 'talking')).toEqual({ idle: 1, busy: 2 });
    expect(model.staffOf('firearms', 1, 'lang:nb')).toEqual({ idle: 0, busy: 0 });
    // It counts the floor as it is now: a change moves the counts.
    model.applyAgent({ ...skilled('idle', 'on_call', [passport(3), norwegian]), version: 2 });
    expect(model.staffOf('passport', 3, 'lang:nb')).toEqual({ idle: 0, busy: 4 });
    // And a change of skills: out of the skill dropped, into the one gained, as the new row says.
    model.applyAgent({ ...skilled('other-topic', 'available', [passport(4), norwegian]), version: 2 });
    model.applyAgent({ ...skilled('talking', 'on_call', [{ skillKey: 'firearms', proficiency: 2 }, norwegian]), version: 2 });
    expect(model.staffOf('passport', 3, 'lang:nb')).toEqual({ idle: 1, busy: 3 });
    expect(model.staffOf('firearms', 1, 'lang:nb')).toEqual({ idle: 0, busy: 1 });
    model.applyAgent({ ...skilled('english', 'available', [passport(5)]), version: 2 });
    expect(model.staffOf('passport', 1, 'lang:en')).toEqual({ idle: 0, busy: 0 });
  });

  it('shows no queue for a topic it was not given', () => {
    expect(model().queue('firearms')).toBeUndefined();
  });

  it('keeps every queue as a full recount would, through any order of changes, moves between topics and finishes', () => {
    // A recount over the calls the model holds, as the floor used to count at every change.
    const recount = (calls: Map<string, FloorCallView>) =>
      topics.map((topic) => {
        const mine = [...calls.values()].filter((c) => c.topicKey === topic.topicKey);
        const notReached = (c: FloorCallView) => c.direction === 'callback' && c.answeredAt === null && (c.state === 'queued' || c.state === 'scheduled');
        const waiting = mine.filter((c) => !notReached(c) && c.state === 'queued');
        const times = waiting.map((c) => c.queuedAt!).sort((a, b) => Date.parse(a) - Date.parse(b));
        return {
          ...topic,
          waiting: waiting.length,
          oldestQueuedAt: times[0] ?? null,
          offered: mine.filter((c) => c.state === 'offered').length,
          connected: mine.filter((c) => c.state === 'connected').length,
          wrapUp: mine.filter((c) => c.state === 'wrap_up').length,
          callbacksWaiting: mine.filter(notReached).length,
          dialling: mine.filter((c) => !notReached(c) && c.state === 'dialling').length,
        };
      });
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const states: FloorCallView['state'][] = ['queued', 'queued', 'queued', 'offered', 'connected', 'wrap_up', 'scheduled', 'dialling', 'completed', 'abandoned'];
    const floor = model();
    const live = new Map<string, FloorCallView>();
    const versions = new Map<string, number>();
    for (let step = 0; step < 3000; step++) {
      const id = `c${random(60)}`;
      const version = (versions.get(id) ?? 0) + 1;
      const changed = call(id, version, states[random(states.length)]!, {
        topicKey: topics[random(2)]!.topicKey,
        direction: random(4) === 0 ? 'callback' : 'inbound',
        answeredAt: random(2) === 0 ? null : '2026-11-23T09:01:00.000Z',
        // Few distinct times, so calls share the oldest and it leaves often.
        queuedAt: `2026-11-23T09:00:0${random(5)}.000Z`,
      });
      // A call that finished stays finished: the model ignores it from then on, as the recount must.
      if (versions.get(id) === -1) continue;
      expect(floor.applyCall(changed)).toBe(true);
      if (changed.state === 'completed' || changed.state === 'abandoned') {
        live.delete(id);
        versions.set(id, -1);
      } else {
        live.set(id, changed);
        versions.set(id, version);
      }
      if (step % 7 === 0) expect(floor.queues()).toEqual(recount(live));
    }
    expect(floor.queues()).toEqual(recount(live));
  });
});
