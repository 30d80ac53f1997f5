import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { CallState, JourneyEventType, Outcome } from '@fc/contracts';
import { NO_TOPIC_CATALOG, attributeCall, needsTopicCatalog, type AttributionFacts, type TopicCatalog } from './call-attribution.js';
import { journeyTimeline, type TimelineEvent } from './journey-timeline.js';
import { addTallies, emptyTally, TALLY_FIELDS, type CallTally } from './metric-formulas.js';

// Every expected value below is worked out by hand in the comments, not by the code under test.
const at = (time: string) => new Date(`2026-11-02T${time}Z`);
const NOW = new Date('2026-11-20T12:00:00Z'); // every repeat window of 2 Nov has closed
const P = 'topic-passport';
const F = 'topic-firearms';
const G = 'topic-tips';
/** Thresholds now: passport 20 s, firearms 30 s, tips 60 s (what old events, which recorded none, are judged by). */
const TOPICS: TopicCatalog = {
  idByKey: new Map([
    ['passport', P],
    ['firearms', F],
    ['tips', G],
  ]),
  thresholdSecById: new Map([
    [P, 20],
    [F, 30],
    [G, 60],
  ]),
};

type Step = [type: JourneyEventType, time: string, agentId?: string | null, data?: Record<string, unknown>];
const journey = (...steps: Step[]): TimelineEvent[] => steps.map(([type, time, agentId = null, data = {}], i) => ({ seq: i + 1, type, at: at(time), agentId, data }));
const queued = (time: string, topicId = P, topicKey = 'passport', serviceLevelThresholdSec = 20): Step => ['queued', time, null, { topicKey, topicId, serviceLevelThresholdSec }];
const toTopic = (time: string, agentId: string, fromTopicId: string, toTopicId: string, toTopicKey: string, serviceLevelThresholdSec: number): Step => [
  'transferred',
  time,
  agentId,
  { to: 'topic', fromTopicId, toTopicId, toTopicKey, serviceLevelThresholdSec },
];
const toAgent = (time: string, fromAgentId: string, toAgentId: string): Step => ['transferred', time, toAgentId, { to: 'agent', fromAgentId, toAgentId }];

function facts(state: CallState, times: { queued: string; answered?: string; ended?: string; completed?: string }, extra: Partial<AttributionFacts> = {}): AttributionFacts {
  return {
    state,
    arrivedAt: at(times.queued),
    queuedAt: at(times.queued),
    answeredAt: times.answered ? at(times.answered) : null,
    endedAt: times.ended ? at(times.ended) : null,
    completedAt: times.completed ? at(times.completed) : null,
    transferCount: 0,
    outcome: null,
    hasCallerKey: true,
    repeatContactAt: null,
    topicId: P,
    ...extra,
  };
}
const tally = (fields: Partial<CallTally>): CallTally => ({ ...emptyTally(), ...fields });
/** A resolved outcome with a known caller and no repeat: what the call, its last visit and last leg add for it. */
const RESOLVED = { withOutcome: 1, resolved: 1, withOutcomeKnownCaller: 1, resolvedNoRepeat: 1 };
const attribute = (call: AttributionFacts, events: TimelineEvent[], now = NOW) => attributeCall(call, events, TOPICS, now);

describe('per queue visit: hand-made journeys', () => {
  it('a call answered straight away counts the same for the centre, its topic and its agent', () => {
    // Waited 10 s (within 20), talked 240 s, wrap-up 60 s: handle 300 s; resolved first line.
    const events = journey(
      queued('09:00:00'),
      ['offered', '09:00:08', 'a1'],
      ['connected', '09:00:10', 'a1'],
      ['talk_ended', '09:04:10', 'a1'],
      ['outcome_recorded', '09:05:10', 'a1', { outcome: 'resolved' }],
    );
    const result = attribute(facts('completed', { queued: '09:00:00', answered: '09:00:10', ended: '09:04:10', completed: '09:05:10' }, { outcome: 'resolved' }), events);
    const expected = tally({ offered: 1, answered: 1, answeredFromQueue: 1, answeredWithinTarget: 1, answerWaitSec: 10, handled: 1, handleSec: 300, resolvedFirstLine: 1, ...RESOLVED });
    expect(result).toEqual({
      call: { countedAt: at('09:00:00'), tally: expected },
      visits: [{ entityId: P, countedAt: at('09:00:00'), tally: expected }],
      legs: [{ entityId: 'a1', countedAt: at('09:00:00'), tally: expected }],
    });
  });

  it('an abandon counts for the topic, short when under 5 s from the queue entry; no agent row', () => {
    const long = attribute(facts('abandoned', { queued: '09:00:00', ended: '09:01:30', completed: '09:01:30' }), journey(queued('09:00:00'), ['abandoned', '09:01:30']));
    expect(long.visits).toEqual([{ entityId: P, countedAt: at('09:00:00'), tally: tally({ offered: 1, abandoned: 1 }) }]);
    expect(long.call!.tally).toEqual(tally({ offered: 1, abandoned: 1 }));
    expect(long.legs).toEqual([]);
    // Rang at a1 and the caller hung up 3 s after queueing: short.
    const short = attribute(
      facts('abandoned', { queued: '09:00:00', ended: '09:00:03', completed: '09:00:03' }),
      journey(queued('09:00:00'), ['offered', '09:00:01', 'a1'], ['abandoned', '09:00:03']),
    );
    expect(short.visits[0]!.tally).toEqual(tally({ offered: 1, abandoned: 1, shortAbandons: 1 }));
    expect(short.legs).toEqual([]);
  });

  it('a transfer to a topic, answered there: the first visit and agent have the transfer, the second the outcome; the wait in between is a wait', () => {
    // passport: waited 7 s; a1 talked 09:00:07 → 09:03:07 = 180 s and passed it to firearms (T = 30 then).
    // firearms: waited 09:03:07 → 09:03:42 = 35 s (not within 30); a2 talked 300 s, wrap-up 60 s = 360 s.
    const events = journey(
      queued('09:00:00'),
      ['offered', '09:00:05', 'a1'],
      ['connected', '09:00:07', 'a1'],
      toTopic('09:03:07', 'a1', P, F, 'firearms', 30),
      ['offered', '09:03:40', 'a2'],
      ['connected', '09:03:42', 'a2'],
      ['talk_ended', '09:08:42', 'a2'],
      ['outcome_recorded', '09:09:42', 'a2', { outcome: 'resolved' }],
    );
    const call = facts('completed', { queued: '09:00:00', answered: '09:00:07', ended: '09:08:42', completed: '09:09:42' }, { outcome: 'resolved', transferCount: 1, topicId: F });
    const result = attribute(call, events);
    const first = tally({ offered: 1, answered: 1, answeredFromQueue: 1, answeredWithinTarget: 1, answerWaitSec: 7, handled: 1, handleSec: 180, transferred: 1 });
    const second = { offered: 1, answered: 1, answeredFromQueue: 1, answerWaitSec: 35, handled: 1, handleSec: 360, ...RESOLVED };
    expect(result.visits).toEqual([
      { entityId: P, countedAt: at('09:00:00'), tally: first },
      { entityId: F, countedAt: at('09:03:07'), tally: tally({ ...second, transferredIn: 1 }) },
    ]);
    expect(result.legs).toEqual([
      { entityId: 'a1', countedAt: at('09:00:00'), tally: first },
      { entityId: 'a2', countedAt: at('09:03:07'), tally: tally(second) },
    ]);
    // The centre: one call, waited 7 s (within passport's 20), handled 180 + 360 = 540 s (not the 35 s wait), transferred, resolved but not first line.
    expect(result.call).toEqual({
      countedAt: at('09:00:00'),
      tally: tally({ offered: 1, answered: 1, answeredFromQueue: 1, answeredWithinTarget: 1, answerWaitSec: 7, handled: 1, handleSec: 540, transferred: 1, ...RESOLVED }),
    });
  });

  it('a caller who hangs up in the second queue abandons the second visit (short: 3 s after the transfer); the centre still counts the call answered', () => {
    const events = journey(queued('09:00:00'), ['offered', '09:00:05', 'a1'], ['connected', '09:00:07', 'a1'], toTopic('09:03:07', 'a1', P, F, 'firearms', 30), ['abandoned', '09:03:10']);
    const call = facts('abandoned', { queued: '09:00:00', answered: '09:00:07', ended: '09:03:10', completed: '09:03:10' }, { transferCount: 1, topicId: F });
    const result = attribute(call, events);
    const first = tally({ offered: 1, answered: 1, answeredFromQueue: 1, answeredWithinTarget: 1, answerWaitSec: 7, handled: 1, handleSec: 180, transferred: 1 });
    expect(result.visits).toEqual([
      { entityId: P, countedAt: at('09:00:00'), tally: first },
      { entityId: F, countedAt: at('09:03:07'), tally: tally({ offered: 1, transferredIn: 1, abandoned: 1, shortAbandons: 1 }) },
    ]);
    expect(result.legs).toEqual([{ entityId: 'a1', countedAt: at('09:00:00'), tally: first }]);
    expect(result.call!.tally).toEqual(tally({ offered: 1, answered: 1, answeredFromQueue: 1, answeredWithinTarget: 1, answerWaitSec: 7, transferred: 1 }));
  });

  it('a direct transfer to an agent is no new visit: the topic has one visit with both talks; the agents one leg each', () => {
    // a1 talked 09:00:07 → 09:02:07 = 120 s and passed it to a2, who talked 180 s and wrapped up 60 s = 240 s.
    const events = journey(
      queued('09:00:00'),
      ['offered', '09:00:05', 'a1'],
      ['connected', '09:00:07', 'a1'],
      toAgent('09:02:07', 'a1', 'a2'),
      ['talk_ended', '09:05:07', 'a2'],
      ['outcome_recorded', '09:06:07', 'a2', { outcome: 'unresolved' }],
    );
    const call = facts('completed', { queued: '09:00:00', answered: '09:00:07', ended: '09:05:07', completed: '09:06:07' }, { outcome: 'unresolved', transferCount: 1 });
    const result = attribute(call, events);
    const outcome = { withOutcome: 1, withOutcomeKnownCaller: 1 };
    expect(result.visits).toEqual([
      {
        entityId: P,
        countedAt: at('09:00:00'),
        tally: tally({ offered: 1, answered: 1, answeredFromQueue: 1, answeredWithinTarget: 1, answerWaitSec: 7, handled: 1, handleSec: 360, transferred: 1, ...outcome }),
      },
    ]);
    expect(result.legs).toEqual([
      {
        entityId: 'a1',
        countedAt: at('09:00:00'),
        tally: tally({ offered: 1, answered: 1, answeredFromQueue: 1, answeredWithinTarget: 1, answerWaitSec: 7, handled: 1, handleSec: 120, transferred: 1 }),
      },
      { entityId: 'a2', countedAt: at('09:00:00'), tally: tally({ offered: 1, transferredIn: 1, answered: 1, handled: 1, handleSec: 240, ...outcome }) },
    ]);
  });

  it('two transfers: the runaround counts where the second transfer happened', () => {
    // passport (a1) → firearms (a2) → tips (a3). The second transfer, a2's in firearms, made it a runaround.
    const events = journey(
      queued('09:00:00'),
      ['offered', '09:00:05', 'a1'],
      ['connected', '09:00:07', 'a1'],
      toTopic('09:02:07', 'a1', P, F, 'firearms', 30),
      ['offered', '09:02:30', 'a2'],
      ['connected', '09:02:37', 'a2'],
      toTopic('09:04:37', 'a2', F, G, 'tips', 60),
      ['offered', '09:04:55', 'a3'],
      ['connected', '09:05:00', 'a3'],
      ['talk_ended', '09:07:00', 'a3'],
      ['outcome_recorded', '09:08:00', 'a3', { outcome: 'referred' }],
    );
    const call = facts('completed', { queued: '09:00:00', answered: '09:00:07', ended: '09:07:00', completed: '09:08:00' }, { outcome: 'referred', transferCount: 2, topicId: G });
    const result = attribute(call, events);
    const pick = (t: CallTally) => [t.offered, t.transferredIn, t.answered, t.answerWaitSec, t.answeredWithinTarget, t.handleSec, t.transferred, t.runaround, t.resolved, t.resolvedFirstLine];
    // passport: waited 7 (within 20), talked 120; firearms: waited 30 (within 30, inclusive), talked 120; tips: waited 23 (within 60), 120 + 60.
    expect(result.visits.map((v) => [v.entityId, v.countedAt, ...pick(v.tally)])).toEqual([
      [P, at('09:00:00'), 1, 0, 1, 7, 1, 120, 1, 0, 0, 0],
      [F, at('09:02:07'), 1, 1, 1, 30, 1, 120, 1, 1, 0, 0],
      [G, at('09:04:37'), 1, 1, 1, 23, 1, 180, 0, 0, 1, 0],
    ]);
    expect(result.legs.map((l) => [l.entityId, l.countedAt, ...pick(l.tally)])).toEqual([
      ['a1', at('09:00:00'), 1, 0, 1, 7, 1, 120, 1, 0, 0, 0],
      ['a2', at('09:02:07'), 1, 0, 1, 30, 1, 120, 1, 1, 0, 0],
      ['a3', at('09:04:37'), 1, 0, 1, 23, 1, 180, 0, 0, 1, 0],
    ]);
    // The centre: one call, transferred and a runaround; handled 420 s of talk and wrap-up.
    expect(pick(result.call!.tally)).toEqual([1, 0, 1, 7, 1, 420, 1, 1, 1, 0]);
  });

  it('declines, an expiry and a revocation stay in the same visit: one answer, timed from the queue entry', () => {
    // Rang at a1 (declined), a2 (expired), a3 (revoked), answered by a4 at 28 s: not within 20.
    const events = journey(
      queued('09:00:00'),
      ['offered', '09:00:02', 'a1'],
      ['offer_declined', '09:00:04', 'a1'],
      ['offered', '09:00:06', 'a2'],
      ['offer_expired', '09:00:21', 'a2'],
      ['offered', '09:00:22', 'a3'],
      ['offer_revoked', '09:00:25', 'a3', { reason: 'agent_offline' }],
      ['offered', '09:00:26', 'a4'],
      ['connected', '09:00:28', 'a4'],
      ['talk_ended', '09:03:28', 'a4'],
      ['outcome_recorded', '09:04:28', 'a4', { outcome: 'resolved' }],
    );
    const result = attribute(facts('completed', { queued: '09:00:00', answered: '09:00:28', ended: '09:03:28', completed: '09:04:28' }, { outcome: 'resolved' }), events);
    const expected = tally({ offered: 1, answered: 1, answeredFromQueue: 1, answerWaitSec: 28, handled: 1, handleSec: 240, resolvedFirstLine: 1, ...RESOLVED });
    expect(result.visits).toEqual([{ entityId: P, countedAt: at('09:00:00'), tally: expected }]);
    expect(result.legs).toEqual([{ entityId: 'a4', countedAt: at('09:00:00'), tally: expected }]);
  });

  it("a callback: the original is offered and nothing more; the callback waits from the original queue entry, under the call's topic when its event names none", () => {
    const original = attribute(facts('callback_requested', { queued: '09:00:00', ended: '09:02:00', completed: '09:02:00' }), journey(queued('09:00:00'), ['callback_requested', '09:02:00']));
    expect(original.visits).toEqual([{ entityId: P, countedAt: at('09:00:00'), tally: tally({ offered: 1 }) }]);
    // The callback queued at 09:02 keeping the original's 09:00:00; answered 09:10:05: waited 605 s (not within 20).
    const events = journey(
      ['arrived', '09:02:00', null, { direction: 'callback' }],
      ['queued', '09:02:00', null, { keepsQueuedAt: '2026-11-02T09:00:00.000Z' }],
      ['offered', '09:10:00', 'a1'],
      ['connected', '09:10:05', 'a1'],
      ['talk_ended', '09:13:05', 'a1'],
      ['outcome_recorded', '09:14:05', 'a1', { outcome: 'self_service' }],
    );
    const callback = attribute(
      { ...facts('completed', { queued: '09:00:00', answered: '09:10:05', ended: '09:13:05', completed: '09:14:05' }, { outcome: 'self_service' }), arrivedAt: at('09:02:00') },
      events,
    );
    const expected = tally({ offered: 1, answered: 1, answeredFromQueue: 1, answerWaitSec: 605, handled: 1, handleSec: 240, resolvedFirstLine: 1, ...RESOLVED });
    expect(callback.visits).toEqual([{ entityId: P, countedAt: at('09:00:00'), tally: expected }]);
    expect(callback.call).toEqual({ countedAt: at('09:00:00'), tally: expected });
  });

  it("a callback inherits its original's transfer: a transfer in its own journey makes a runaround", () => {
    const events = journey(
      ['queued', '09:02:00', null, {}],
      ['offered', '09:03:00', 'a1'],
      ['connected', '09:03:05', 'a1'],
      toAgent('09:04:05', 'a1', 'a2'),
      ['talk_ended', '09:05:05', 'a2'],
      ['outcome_recorded', '09:06:05', 'a2', { outcome: 'resolved' }],
    );
    const result = attribute(facts('completed', { queued: '09:00:00', answered: '09:03:05', ended: '09:05:05', completed: '09:06:05' }, { outcome: 'resolved', transferCount: 2 }), events);
    expect(result.legs.map((l) => [l.entityId, l.tally.transferred, l.tally.runaround])).toEqual([
      ['a1', 1, 1],
      ['a2', 0, 0],
    ]);
  });

  it('a wrap-up that timed out is not recorded, for the call, its last visit and last agent; handled all the same', () => {
    const events = journey(
      queued('09:00:00'),
      ['offered', '09:00:01', 'a1'],
      ['connected', '09:00:02', 'a1'],
      ['talk_ended', '09:01:02', 'a1'],
      ['outcome_recorded', '09:03:02', 'a1', { outcome: 'not_recorded', wrapUpTimeoutSec: 120 }],
    );
    const result = attribute(facts('completed', { queued: '09:00:00', answered: '09:00:02', ended: '09:01:02', completed: '09:03:02' }, { outcome: 'not_recorded' }), events);
    const expected = tally({ offered: 1, answered: 1, answeredFromQueue: 1, answeredWithinTarget: 1, answerWaitSec: 2, handled: 1, handleSec: 180, notRecorded: 1 });
    expect([result.call!.tally, result.visits[0]!.tally, result.legs[0]!.tally]).toEqual([expected, expected, expected]);
  });

  it('an outcome recorded later on a not_recorded call counts as that outcome; the handle time stays the timed-out wrap-up', () => {
    // completed → completed: the call row's outcome changes, its completedAt stays, the journey gets a late outcome_recorded.
    const events = journey(
      queued('09:00:00'),
      ['offered', '09:00:01', 'a1'],
      ['connected', '09:00:02', 'a1'],
      ['talk_ended', '09:01:02', 'a1'],
      ['outcome_recorded', '09:03:02', 'a1', { outcome: 'not_recorded', wrapUpTimeoutSec: 120 }],
      ['outcome_recorded', '10:30:00', 'a1', { outcome: 'resolved', late: true }],
    );
    const result = attribute(facts('completed', { queued: '09:00:00', answered: '09:00:02', ended: '09:01:02', completed: '09:03:02' }, { outcome: 'resolved' }), events);
    const expected = tally({ offered: 1, answered: 1, answeredFromQueue: 1, answeredWithinTarget: 1, answerWaitSec: 2, handled: 1, handleSec: 180, resolvedFirstLine: 1, ...RESOLVED });
    expect([result.call!.tally, result.visits[0]!.tally, result.legs[0]!.tally]).toEqual([expected, expected, expected]);
  });

  it('a repeat contact makes the finished call not resolved for the repeat-adjusted FCR; an open window is provisional', () => {
    const events = journey(
      queued('09:00:00'),
      ['offered', '09:00:01', 'a1'],
      ['connected', '09:00:02', 'a1'],
      toTopic('09:01:02', 'a1', P, F, 'firearms', 30),
      ['offered', '09:01:10', 'a2'],
      ['connected', '09:01:12', 'a2'],
      ['talk_ended', '09:02:12', 'a2'],
      ['outcome_recorded', '09:03:12', 'a2', { outcome: 'resolved' }],
    );
    const done = facts('completed', { queued: '09:00:00', answered: '09:00:02', ended: '09:02:12', completed: '09:03:12' }, { outcome: 'resolved', transferCount: 1, topicId: F });
    const repeated = attribute({ ...done, repeatContactAt: at('15:00:00') }, events);
    const outcome = (t: CallTally) => [t.withOutcomeKnownCaller, t.resolved, t.resolvedNoRepeat, t.provisional];
    expect([repeated.call!.tally, ...repeated.visits.map((v) => v.tally), ...repeated.legs.map((l) => l.tally)].map(outcome)).toEqual([
      [1, 1, 0, 0], // the call
      [0, 0, 0, 0], // passport: passed on, no outcome
      [1, 1, 0, 0], // firearms: finished it
      [0, 0, 0, 0], // a1
      [1, 1, 0, 0], // a2
    ]);
    // Six days on, no repeat yet: resolved for now, provisional.
    const open = attribute(done, events, new Date('2026-11-08T09:00:00Z'));
    expect([open.call!.tally, open.visits[1]!.tally, open.legs[1]!.tally].map(outcome)).toEqual([
      [1, 1, 1, 1],
      [1, 1, 1, 1],
      [1, 1, 1, 1],
    ]);
  });

  it("judges each wait by the threshold its event recorded; events that recorded none by the topic's threshold now, found by key or by the transfer that left it", () => {
    // Recorded: passport 10 s then, firearms 40 s then. Waits 15 s and 35 s: passport not within, firearms within.
    const recorded = journey(queued('09:00:00', P, 'passport', 10), ['connected', '09:00:15', 'a1'], toTopic('09:01:00', 'a1', P, F, 'firearms', 40), ['connected', '09:01:35', 'a2']);
    const inProgress = facts('connected', { queued: '09:00:00', answered: '09:00:15' }, { transferCount: 1, topicId: F });
    expect(attribute(inProgress, recorded).visits.map((v) => [v.entityId, v.tally.answeredWithinTarget])).toEqual([
      [P, 0],
      [F, 1],
    ]);
    // Old events (before topic ids and thresholds were recorded): passport by its key (20 s now: 15 within), firearms by the
    // call's topic (30 s now: 35 not within).
    const old = journey(
      ['queued', '09:00:00', null, { topicKey: 'passport' }],
      ['connected', '09:00:15', 'a1'],
      ['transferred', '09:01:00', 'a1', { to: 'topic', fromTopicId: P }],
      ['connected', '09:01:35', 'a2'],
    );
    expect(attribute(inProgress, old).visits.map((v) => [v.entityId, v.tally.answeredWithinTarget])).toEqual([
      [P, 1],
      [F, 0],
    ]);
    // No key either: the first visit is the topic the transfer left.
    const older = journey(
      ['queued', '09:00:00'],
      ['connected', '09:00:15', 'a1'],
      ['transferred', '09:01:00', 'a1', { to: 'topic', fromTopicId: P, toTopicKey: 'firearms' }],
      ['connected', '09:01:35', 'a2'],
    );
    expect(attribute(inProgress, older).visits.map((v) => v.entityId)).toEqual([P, F]);
    // Only the old journeys need the topics looked up; the recorded one comes out the same without them.
    expect([recorded, old, older, journey(['arrived', '09:00:00'])].map(needsTopicCatalog)).toEqual([false, true, true, true]);
    expect(attributeCall(inProgress, recorded, NO_TOPIC_CATALOG, NOW)).toEqual(attribute(inProgress, recorded));
  });

  it('a call in progress counts what has happened so far: answered, not yet handled', () => {
    const events = journey(queued('09:00:00'), ['offered', '09:00:01', 'a1'], ['connected', '09:00:04', 'a1'], ['talk_ended', '09:02:04', 'a1']);
    const result = attribute(facts('wrap_up', { queued: '09:00:00', answered: '09:00:04', ended: '09:02:04' }), events);
    const expected = tally({ offered: 1, answered: 1, answeredFromQueue: 1, answeredWithinTarget: 1, answerWaitSec: 4 });
    expect([result.call!.tally, result.visits[0]!.tally, result.legs[0]!.tally]).toEqual([expected, expected, expected]);
  });

  it('a call that never queued counts nowhere', () => {
    const result = attribute({ ...facts('arrived', { queued: '09:00:00' }), queuedAt: null }, journey(['arrived', '09:00:00', null, { topicKey: 'passport' }]));
    expect(result).toEqual({ call: null, visits: [], legs: [] });
  });
});

/** A random journey through the state machine of DESIGN §3, with the call's facts as the journey would leave them. */
const journeys = fc
  .record({
    steps: fc.array(fc.record({ choice: fc.nat(99), gapMs: fc.integer({ min: 0, max: 180_000 }), agent: fc.integer({ min: 1, max: 4 }), topic: fc.integer({ min: 0, max: 2 }) }), { maxLength: 30 }),
    outcome: fc.constantFrom<Outcome>('resolved', 'self_service', 'referred', 'follow_up', 'unresolved', 'complaint', 'not_recorded'),
    hasCallerKey: fc.boolean(),
  })
  .map(({ steps, outcome, hasCallerKey }) => {
    const topics = [
      [P, 'passport'],
      [F, 'firearms'],
      [G, 'tips'],
    ] as const;
    let ms = at('09:00:00').getTime();
    const events: TimelineEvent[] = [];
    const push = (type: JourneyEventType, agentId: string | null, data: Record<string, unknown> = {}) => events.push({ seq: events.length + 1, type, at: new Date(ms), agentId, data });
    let state: CallState = 'queued';
    let topic = 0;
    let agent: string | null = null;
    let answeredAt: Date | null = null;
    let endedAt: Date | null = null;
    let transferCount = 0;
    push('queued', null, { topicId: P, topicKey: 'passport', serviceLevelThresholdSec: 20 });
    for (const step of steps) {
      ms += step.gapMs;
      const c = step.choice;
      const someone = `a${step.agent}`;
      if (state === 'queued') {
        if (c < 70) [state, agent] = ['offered', someone];
        else if (c < 85) state = 'abandoned';
        else state = 'callback_requested';
        push(state === 'offered' ? 'offered' : (state as JourneyEventType), state === 'offered' ? someone : null);
      } else if (state === 'offered') {
        if (c < 60) {
          state = 'connected';
          answeredAt ??= new Date(ms);
          push('connected', agent);
        } else if (c < 90) {
          state = 'queued';
          push(c < 70 ? 'offer_declined' : c < 80 ? 'offer_expired' : 'offer_revoked', agent);
          agent = null;
        } else {
          state = 'abandoned';
          push('abandoned', null);
        }
      } else if (state === 'connected') {
        if (c < 30) {
          transferCount++;
          topic = step.topic;
          push('transferred', agent, { to: 'topic', fromTopicId: P, toTopicId: topics[topic][0], toTopicKey: topics[topic][1], serviceLevelThresholdSec: 30 });
          [state, agent] = ['queued', null];
        } else if (c < 50 && someone !== agent) {
          transferCount++;
          push('transferred', someone, { to: 'agent', fromAgentId: agent, toAgentId: someone });
          agent = someone;
        } else if (c >= 50) {
          state = 'wrap_up';
          endedAt = new Date(ms);
          push('talk_ended', agent);
        }
      } else if (state === 'wrap_up') {
        state = 'completed';
        push('outcome_recorded', agent, { outcome });
      }
      if (state === 'abandoned' || state === 'callback_requested') endedAt = new Date(ms);
      if (state === 'completed' || state === 'abandoned' || state === 'callback_requested') break;
    }
    const terminal = state === 'completed' || state === 'abandoned' || state === 'callback_requested';
    const call: AttributionFacts = {
      state,
      arrivedAt: at('09:00:00'),
      queuedAt: at('09:00:00'),
      answeredAt,
      endedAt,
      completedAt: terminal ? new Date(ms) : null,
      transferCount,
      outcome: state === 'completed' ? outcome : null,
      hasCallerKey,
      repeatContactAt: null,
      topicId: topics[topic][0],
    };
    return { call, events, terminal };
  });

const sum = (tallies: readonly CallTally[]) => tallies.reduce((total, t) => addTallies(total, t), emptyTally());
const rounded = (t: CallTally) => Object.fromEntries(TALLY_FIELDS.map((f) => [f, Math.round(t[f] * 1000) / 1000]));

describe('per queue visit: properties of every journey', () => {
  it('visits offered minus those transferred in is the calls offered; every visit after the first came by transfer', () => {
    fc.assert(
      fc.property(journeys, ({ call, events }) => {
        const result = attribute(call, events);
        const visits = sum(result.visits.map((v) => v.tally));
        expect(visits.offered - visits.transferredIn).toBe(result.call!.tally.offered);
        expect(result.visits.slice(1).every((v) => v.tally.transferredIn === 1)).toBe(true);
      }),
    );
  });

  it("the legs' handle time is the talk and wrap-up of a finished journey, and so is the visits' and the centre's", () => {
    fc.assert(
      fc.property(journeys, ({ call, events, terminal }) => {
        const result = attribute(call, events);
        const timeline = journeyTimeline(events);
        const legs = sum(result.legs.map((l) => l.tally));
        // A call in progress: a leg passed on by a direct transfer has ended, its visit not yet.
        if (!terminal) return expect(legs.handleSec).toBeLessThanOrEqual(timeline.talkSec + timeline.wrapUpSec + 1e-9);
        expect(legs.handleSec).toBeCloseTo(timeline.talkSec + timeline.wrapUpSec, 6);
        expect(sum(result.visits.map((v) => v.tally)).handleSec).toBeCloseTo(legs.handleSec, 6);
        if (call.state === 'completed') expect(result.call!.tally.handleSec).toBeCloseTo(legs.handleSec, 6);
      }),
    );
  });

  it("every answer out of a queue is one visit answered and one leg taken from the queue, with the same wait; each transfer is one leg's", () => {
    fc.assert(
      fc.property(journeys, ({ call, events }) => {
        const result = attribute(call, events);
        const visits = sum(result.visits.map((v) => v.tally));
        const legs = sum(result.legs.map((l) => l.tally));
        expect([legs.answeredFromQueue, legs.answerWaitSec, legs.answeredWithinTarget]).toEqual([visits.answered, visits.answerWaitSec, visits.answeredWithinTarget]);
        expect(legs.answered - legs.transferredIn).toBe(legs.answeredFromQueue);
        expect(legs.transferred).toBe(call.transferCount);
        expect(visits.transferred).toBeLessThanOrEqual(legs.transferred);
        expect(result.call!.tally.answered).toBe(Math.min(1, visits.answered));
      }),
    );
  });

  it('the outcome counts once, for the centre, one visit and one leg alike', () => {
    fc.assert(
      fc.property(journeys, ({ call, events }) => {
        const result = attribute(call, events);
        const outcome = (t: CallTally) => [t.withOutcome, t.notRecorded, t.resolved, t.resolvedFirstLine, t.withOutcomeKnownCaller, t.resolvedNoRepeat];
        const own = outcome(result.call!.tally);
        expect(outcome(sum(result.visits.map((v) => v.tally)))).toEqual(own);
        expect(outcome(sum(result.legs.map((l) => l.tally)))).toEqual(own);
      }),
    );
  });

  it("a call without transfers counts the same for the centre, its one visit and (summed) its legs' queue answers", () => {
    fc.assert(
      fc.property(journeys, ({ call, events }) => {
        fc.pre(call.transferCount === 0);
        const result = attribute(call, events);
        expect(result.visits).toHaveLength(1);
        expect(rounded(result.visits[0]!.tally)).toEqual(rounded(result.call!.tally));
      }),
    );
  });
});
