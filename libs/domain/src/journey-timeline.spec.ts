import { describe, expect, it } from '@jest/globals';
import type { JourneyEventType } from '@fc/contracts';
import { journeyTimeline, type TimelineEvent } from './journey-timeline.js';

let seq = 0;
const event = (type: JourneyEventType, at: string, agentId: string | null = null, data: Record<string, unknown> = {}): TimelineEvent => ({
  seq: ++seq,
  type,
  at: new Date(at),
  agentId,
  data,
});

describe('journey timeline', () => {
  it('splits a runaround into waits, offers, talks and wrap-up, with hand-worked durations and totals', () => {
    seq = 0;
    const events = [
      event('arrived', '2026-11-02T09:00:00.000Z', null, { topicKey: 'firearms' }),
      event('queued', '2026-11-02T09:00:00.000Z', null, { topicKey: 'firearms', priority: 0 }),
      event('escalated', '2026-11-02T09:00:30.000Z', null, { fromStep: 0, toStep: 1 }),
      event('offered', '2026-11-02T09:00:42.500Z', 'a1'),
      event('offer_declined', '2026-11-02T09:00:45.000Z', 'a1'),
      event('offered', '2026-11-02T09:00:50.000Z', 'a2'),
      event('offer_expired', '2026-11-02T09:01:05.000Z', 'a2'),
      event('offered', '2026-11-02T09:01:07.250Z', 'a3'),
      event('connected', '2026-11-02T09:01:10.000Z', 'a3'),
      event('transferred', '2026-11-02T09:04:10.000Z', 'a3', { to: 'topic', fromTopicId: 't-firearms', toTopicKey: 'passport' }),
      event('offered', '2026-11-02T09:04:25.000Z', 'a4'),
      event('connected', '2026-11-02T09:04:28.000Z', 'a4'),
      event('transferred', '2026-11-02T09:06:00.000Z', 'a5', { to: 'agent', fromAgentId: 'a4', toAgentId: 'a5' }),
      event('talk_ended', '2026-11-02T09:09:30.000Z', 'a5', { by: 'agent' }),
      event('outcome_recorded', '2026-11-02T09:10:15.000Z', 'a5', { outcome: 'unresolved' }),
      event('follow_up_created', '2026-11-02T09:10:16.000Z', null, { kind: 'quality_review' }),
    ];
    const timeline = journeyTimeline(events);
    expect(timeline.segments).toEqual([
      { kind: 'queue', topicKey: 'firearms', agentId: null, from: '2026-11-02T09:00:00.000Z', to: '2026-11-02T09:00:42.500Z', durationSec: 42.5, end: 'offered' },
      { kind: 'offer', topicKey: 'firearms', agentId: 'a1', from: '2026-11-02T09:00:42.500Z', to: '2026-11-02T09:00:45.000Z', durationSec: 2.5, end: 'declined' },
      { kind: 'queue', topicKey: 'firearms', agentId: null, from: '2026-11-02T09:00:45.000Z', to: '2026-11-02T09:00:50.000Z', durationSec: 5, end: 'offered' },
      { kind: 'offer', topicKey: 'firearms', agentId: 'a2', from: '2026-11-02T09:00:50.000Z', to: '2026-11-02T09:01:05.000Z', durationSec: 15, end: 'expired' },
      { kind: 'queue', topicKey: 'firearms', agentId: null, from: '2026-11-02T09:01:05.000Z', to: '2026-11-02T09:01:07.250Z', durationSec: 2.25, end: 'offered' },
      { kind: 'offer', topicKey: 'firearms', agentId: 'a3', from: '2026-11-02T09:01:07.250Z', to: '2026-11-02T09:01:10.000Z', durationSec: 2.75, end: 'connected' },
      { kind: 'talk', topicKey: 'firearms', agentId: 'a3', from: '2026-11-02T09:01:10.000Z', to: '2026-11-02T09:04:10.000Z', durationSec: 180, end: 'transferred_to_topic' },
      { kind: 'queue', topicKey: 'passport', agentId: null, from: '2026-11-02T09:04:10.000Z', to: '2026-11-02T09:04:25.000Z', durationSec: 15, end: 'offered' },
      { kind: 'offer', topicKey: 'passport', agentId: 'a4', from: '2026-11-02T09:04:25.000Z', to: '2026-11-02T09:04:28.000Z', durationSec: 3, end: 'connected' },
      { kind: 'talk', topicKey: 'passport', agentId: 'a4', from: '2026-11-02T09:04:28.000Z', to: '2026-11-02T09:06:00.000Z', durationSec: 92, end: 'transferred_to_agent' },
      { kind: 'talk', topicKey: 'passport', agentId: 'a5', from: '2026-11-02T09:06:00.000Z', to: '2026-11-02T09:09:30.000Z', durationSec: 210, end: 'talk_ended' },
      { kind: 'wrap_up', topicKey: 'passport', agentId: 'a5', from: '2026-11-02T09:09:30.000Z', to: '2026-11-02T09:10:15.000Z', durationSec: 45, end: 'outcome_recorded' },
    ]);
    // firearms: 42.5 + 2.5 + 5 + 15 + 2.25 + 2.75 = 70; passport: 15 + 3 = 18; talk 180 + 92 + 210 = 482.
    expect(timeline.waitsByTopic).toEqual([
      { topicKey: 'firearms', waitingSec: 70 },
      { topicKey: 'passport', waitingSec: 18 },
    ]);
    expect([timeline.waitingSec, timeline.talkSec, timeline.wrapUpSec, timeline.offers]).toEqual([88, 482, 45, 4]);
  });

  it('ends the wait where the caller hung up, in the queue or while it rang', () => {
    seq = 0;
    const inQueue = journeyTimeline([
      event('arrived', '2026-11-02T10:00:00.000Z', null, { topicKey: 'tips' }),
      event('queued', '2026-11-02T10:00:00.000Z', null, { topicKey: 'tips' }),
      event('abandoned', '2026-11-02T10:01:30.000Z', null, { waitedSec: 90, whileOfferedTo: null }),
    ]);
    expect(inQueue.segments).toEqual([{ kind: 'queue', topicKey: 'tips', agentId: null, from: '2026-11-02T10:00:00.000Z', to: '2026-11-02T10:01:30.000Z', durationSec: 90, end: 'abandoned' }]);
    expect([inQueue.waitingSec, inQueue.talkSec, inQueue.offers]).toEqual([90, 0, 0]);

    const whileRinging = journeyTimeline([
      event('queued', '2026-11-02T10:00:00.000Z', null, { topicKey: 'tips' }),
      event('offered', '2026-11-02T10:00:20.000Z', 'a1'),
      event('abandoned', '2026-11-02T10:00:26.000Z', null, { waitedSec: 26, whileOfferedTo: 'a1' }),
    ]);
    expect(whileRinging.segments.map((s) => [s.kind, s.agentId, s.durationSec, s.end])).toEqual([
      ['queue', null, 20, 'offered'],
      ['offer', 'a1', 6, 'abandoned'],
    ]);
    expect(whileRinging.waitingSec).toBe(26);
  });

  it('a callback: the original ends in the queue; the callback waits under the topic given, and a stretch still going on has no end', () => {
    seq = 0;
    const original = journeyTimeline([event('queued', '2026-11-02T11:00:00.000Z', null, { topicKey: 'passport' }), event('callback_requested', '2026-11-02T11:02:00.000Z', null, { waitedSec: 120 })]);
    expect(original.segments.map((s) => [s.kind, s.durationSec, s.end])).toEqual([['queue', 120, 'callback_requested']]);

    const callbackEvents = [
      event('arrived', '2026-11-02T11:02:00.000Z', null, { direction: 'callback', callbackOfCallId: 'c1' }),
      event('queued', '2026-11-02T11:02:00.000Z', null, { keepsQueuedAt: '2026-11-02T11:00:00.000Z' }),
      event('offered', '2026-11-02T11:02:30.000Z', 'a1'),
      event('connected', '2026-11-02T11:02:33.000Z', 'a1'),
    ];
    const callback = journeyTimeline(callbackEvents, { firstTopicKey: 'passport' });
    expect(callback.segments).toEqual([
      { kind: 'queue', topicKey: 'passport', agentId: null, from: '2026-11-02T11:02:00.000Z', to: '2026-11-02T11:02:30.000Z', durationSec: 30, end: 'offered' },
      { kind: 'offer', topicKey: 'passport', agentId: 'a1', from: '2026-11-02T11:02:30.000Z', to: '2026-11-02T11:02:33.000Z', durationSec: 3, end: 'connected' },
      { kind: 'talk', topicKey: 'passport', agentId: 'a1', from: '2026-11-02T11:02:33.000Z', to: null, durationSec: null, end: null },
    ]);
    expect([callback.waitingSec, callback.talkSec, callback.wrapUpSec]).toEqual([33, 0, 0]);
    expect(journeyTimeline(callbackEvents).waitsByTopic).toEqual([{ topicKey: null, waitingSec: 33 }]);
  });

  it('reads events in journey order whatever order they come in; a revoked offer waits again; a wrap-up that ran out is timed out', () => {
    seq = 0;
    const events = [
      event('queued', '2026-11-02T12:00:00.000Z', null, { topicKey: 'passport' }),
      event('offered', '2026-11-02T12:00:01.000Z', 'a1'),
      event('offer_revoked', '2026-11-02T12:00:04.000Z', 'a1', { reason: 'agent_offline' }),
      event('offered', '2026-11-02T12:00:10.000Z', 'a2'),
      event('connected', '2026-11-02T12:00:11.500Z', 'a2'),
      event('talk_ended', '2026-11-02T12:01:11.500Z', 'a2', { by: 'caller' }),
      event('outcome_recorded', '2026-11-02T12:03:11.500Z', 'a2', { outcome: 'not_recorded', wrapUpTimeoutSec: 120 }),
    ];
    const timeline = journeyTimeline([...events].reverse());
    expect(timeline.segments.map((s) => [s.kind, s.agentId, s.durationSec, s.end])).toEqual([
      ['queue', null, 1, 'offered'],
      ['offer', 'a1', 3, 'revoked'],
      ['queue', null, 6, 'offered'],
      ['offer', 'a2', 1.5, 'connected'],
      ['talk', 'a2', 60, 'talk_ended'],
      ['wrap_up', 'a2', 120, 'timed_out'],
    ]);
    expect([timeline.waitingSec, timeline.talkSec, timeline.wrapUpSec, timeline.offers]).toEqual([11.5, 60, 120, 2]);
  });

  it('sums tenths without floating-point drift', () => {
    seq = 0;
    const timeline = journeyTimeline([
      event('queued', '2026-11-02T13:00:00.000Z', null, { topicKey: 'tips' }),
      event('offered', '2026-11-02T13:00:00.100Z', 'a1'),
      event('offer_declined', '2026-11-02T13:00:00.300Z', 'a1'),
      event('abandoned', '2026-11-02T13:00:00.600Z'),
    ]);
    // 0.1 + 0.2 + 0.3 in floating point is 0.6000000000000001; summed in milliseconds it is 0.6.
    expect(timeline.waitingSec).toBe(0.6);
  });

  it('an empty journey has no stretches', () => {
    expect(journeyTimeline([])).toEqual({ segments: [], waitingSec: 0, talkSec: 0, wrapUpSec: 0, offers: 0, waitsByTopic: [] });
  });
});
