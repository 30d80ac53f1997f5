import { JourneyEventType, JourneySegmentEnd, JourneySegmentKind, Outcome, type JourneySegment, type JourneyTimeline, type TopicWait } from '@fc/contracts';

/** A journey event as the timeline reads it: `call_events` rows fit as they are. */
export interface TimelineEvent {
  seq: number;
  type: JourneyEventType;
  at: Date;
  agentId: string | null;
  data: Readonly<Record<string, unknown>>;
}

export interface TimelineOptions {
  /**
   * The topic the call first queued for, when its events do not say (a callback's `queued` event
   * names no topic); a `queued` or `arrived` event's own `topicKey` wins.
   */
  firstTopicKey?: string | null;
}

const END_OF: Partial<Record<JourneyEventType, JourneySegmentEnd>> = {
  [JourneyEventType.Offered]: JourneySegmentEnd.Offered,
  [JourneyEventType.OfferDeclined]: JourneySegmentEnd.Declined,
  [JourneyEventType.OfferExpired]: JourneySegmentEnd.Expired,
  [JourneyEventType.OfferRevoked]: JourneySegmentEnd.Revoked,
  [JourneyEventType.Connected]: JourneySegmentEnd.Connected,
  [JourneyEventType.TalkEnded]: JourneySegmentEnd.TalkEnded,
  [JourneyEventType.Abandoned]: JourneySegmentEnd.Abandoned,
  [JourneyEventType.CallbackRequested]: JourneySegmentEnd.CallbackRequested,
  [JourneyEventType.OutcomeRecorded]: JourneySegmentEnd.OutcomeRecorded,
};

const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);
const nonNegative = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null);

/**
 * A visit to a topic's queue (DESIGN §7 "Attribution: per queue visit"): once from the IVR, and again
 * after each transfer to a topic. A transfer straight to an agent is not a visit.
 */
export interface QueueVisit {
  /** 0 for the visit from the IVR, then 1, 2, … after each transfer to a topic. */
  index: number;
  /** When the call joined the queue: the `queued` event, or the transfer. */
  at: Date;
  /** The visit began with a transfer to the topic. */
  byTransfer: boolean;
  /**
   * The topic and its service-level threshold as the event that began the visit recorded them
   * (`queued`: `topicId`, `topicKey`, `serviceLevelThresholdSec`; `transferred`: `toTopicId`,
   * `toTopicKey`, `serviceLevelThresholdSec`); null where an event written before they were
   * recorded does not say.
   */
  topicId: string | null;
  topicKey: string | null;
  serviceLevelThresholdSec: number | null;
  /** The `fromTopicId` of the transfer to a topic that ended this visit, if one did. */
  leftFromTopicId: string | null;
}

/** One stretch as the walk of the journey gives it: the segment, its times in milliseconds, and the queue visit it belongs to. */
export interface JourneyStretch {
  segment: JourneySegment;
  fromMs: number;
  /** Null while the stretch is still going on. */
  toMs: number | null;
  /** The visit the stretch belongs to; null only for a journey that does not begin with `queued`. */
  visit: QueueVisit | null;
  /** Transfers the journey had made by the end of this stretch, the one that ended it included. */
  transfers: number;
}

/**
 * The call's journey as consecutive stretches of time (DESIGN §6: "every event and wait"): waiting
 * in a topic's queue, ringing at an agent, talking with an agent, after-call work. Computed from the
 * append-only journey log every time, never stored, so it can never disagree with the log.
 *
 * A queue stretch runs from `queued` (or a decline, expiry or revocation, or a transfer to a topic)
 * until the call is offered, answered, abandoned or turned into a callback; an offer from `offered`
 * until it is accepted, declined, expires, is revoked or the caller hangs up; talk from `connected`
 * (or a transfer to an agent) until the talk ends or the call is transferred; wrap-up until the
 * outcome. A stretch still going on has no end. Events that are not stretches (escalations, repeat
 * detection, follow-ups, feedback, an outcome recorded after the call completed) are left to the event list.
 */
export function journeyTimeline(events: readonly TimelineEvent[], options: TimelineOptions = {}): JourneyTimeline {
  const segments = journeyStretches(events, options).map((stretch) => stretch.segment);
  return { segments, ...totals(segments) };
}

/**
 * The one walk of the journey log: {@link journeyTimeline} shows its segments, and the metrics'
 * attribution (call-attribution.ts) counts its queue visits and agents' legs from the same stretches.
 */
export function journeyStretches(events: readonly TimelineEvent[], options: TimelineOptions = {}): JourneyStretch[] {
  const ordered = [...events].sort((a, b) => a.seq - b.seq);
  const stretches: JourneyStretch[] = [];
  let topicKey = options.firstTopicKey ?? null;
  let visit: QueueVisit | null = null;
  let transfers = 0;
  let current: JourneyStretch | null = null;

  const open = (kind: JourneySegmentKind, at: Date, agentId: string | null) => {
    const segment: JourneySegment = { kind, topicKey, agentId, from: at.toISOString(), to: null, durationSec: null, end: null };
    current = { segment, fromMs: at.getTime(), toMs: null, visit, transfers };
    stretches.push(current);
  };
  const close = (at: Date, end: JourneySegmentEnd): JourneySegment | null => {
    if (!current) return null;
    const stretch: JourneyStretch = current;
    Object.assign(stretch.segment, { to: at.toISOString(), durationSec: (at.getTime() - stretch.fromMs) / 1000, end });
    Object.assign(stretch, { toMs: at.getTime(), transfers });
    current = null;
    return stretch.segment;
  };
  const visitFrom = (event: TimelineEvent, byTransfer: boolean, topicId: unknown, visitTopicKey: string | null): QueueVisit => ({
    index: visit ? visit.index + 1 : 0,
    at: event.at,
    byTransfer,
    topicId: text(topicId),
    topicKey: visitTopicKey,
    serviceLevelThresholdSec: nonNegative(event.data.serviceLevelThresholdSec),
    leftFromTopicId: null,
  });

  for (const event of ordered) {
    switch (event.type) {
      case JourneyEventType.Arrived:
        topicKey = text(event.data.topicKey) ?? topicKey;
        break;
      case JourneyEventType.Queued:
        topicKey = text(event.data.topicKey) ?? topicKey;
        visit = visitFrom(event, false, event.data.topicId, topicKey);
        open(JourneySegmentKind.Queue, event.at, null);
        break;
      case JourneyEventType.Offered:
        close(event.at, JourneySegmentEnd.Offered);
        open(JourneySegmentKind.Offer, event.at, event.agentId);
        break;
      case JourneyEventType.OfferDeclined:
      case JourneyEventType.OfferExpired:
      case JourneyEventType.OfferRevoked:
        // The caller goes back to the same queue and waits again: the same visit.
        close(event.at, END_OF[event.type]!);
        open(JourneySegmentKind.Queue, event.at, null);
        break;
      case JourneyEventType.Connected:
      case JourneyEventType.DialStarted:
        // A callback's agent is on it from the moment they accept: dialling is talk time.
        close(event.at, JourneySegmentEnd.Connected);
        open(JourneySegmentKind.Talk, event.at, event.agentId);
        break;
      case JourneyEventType.DialFailed:
        // Between tries nobody waits in line: no stretch until the next try is due.
        close(event.at, JourneySegmentEnd.DialFailed);
        break;
      case JourneyEventType.CallbackWithdrawn:
        close(event.at, JourneySegmentEnd.Withdrawn);
        break;
      case JourneyEventType.CallbackDue:
        // The next try of the same callback: the same visit to the queue.
        open(JourneySegmentKind.Queue, event.at, null);
        break;
      case JourneyEventType.Transferred:
        transfers += 1;
        if (event.data.to === 'topic') {
          close(event.at, JourneySegmentEnd.TransferredToTopic);
          if (visit) visit.leftFromTopicId = text(event.data.fromTopicId);
          topicKey = text(event.data.toTopicKey) ?? topicKey;
          // Only what the transfer itself says: the topic it left is not where it went.
          visit = visitFrom(event, true, event.data.toTopicId, text(event.data.toTopicKey));
          open(JourneySegmentKind.Queue, event.at, null);
        } else {
          close(event.at, JourneySegmentEnd.TransferredToAgent);
          open(JourneySegmentKind.Talk, event.at, text(event.data.toAgentId) ?? event.agentId);
        }
        break;
      case JourneyEventType.TalkEnded: {
        const talk = close(event.at, JourneySegmentEnd.TalkEnded);
        open(JourneySegmentKind.WrapUp, event.at, event.agentId ?? talk?.agentId ?? null);
        break;
      }
      case JourneyEventType.OutcomeRecorded:
        // After completion (an outcome recorded late) there is no stretch left to close.
        close(event.at, event.data.outcome === Outcome.NotRecorded ? JourneySegmentEnd.TimedOut : JourneySegmentEnd.OutcomeRecorded);
        break;
      case JourneyEventType.Abandoned:
      case JourneyEventType.CallbackRequested:
        close(event.at, END_OF[event.type]!);
        break;
      case JourneyEventType.Escalated:
      case JourneyEventType.RepeatDetected:
      case JourneyEventType.FollowUpCreated:
      case JourneyEventType.FeedbackReceived:
      case JourneyEventType.LeaderInvitationAnswered:
      case JourneyEventType.DialAnswered:
        break;
      default: {
        const unknown: never = event.type;
        throw new Error(`unknown journey event type ${String(unknown)}`);
      }
    }
  }
  return stretches;
}

function totals(segments: readonly JourneySegment[]): Omit<JourneyTimeline, 'segments'> {
  // Sums in whole milliseconds, divided once: no floating-point drift from adding fractions.
  const ms = { waiting: 0, talk: 0, wrapUp: 0 };
  const byTopic = new Map<string | null, number>();
  for (const segment of segments) {
    if (segment.durationSec === null) continue;
    const duration = Math.round(segment.durationSec * 1000);
    if (segment.kind === JourneySegmentKind.Queue || segment.kind === JourneySegmentKind.Offer) {
      ms.waiting += duration;
      byTopic.set(segment.topicKey, (byTopic.get(segment.topicKey) ?? 0) + duration);
    } else if (segment.kind === JourneySegmentKind.Talk) ms.talk += duration;
    else ms.wrapUp += duration;
  }
  const waitsByTopic: TopicWait[] = [...byTopic].map(([topicKey, waiting]) => ({ topicKey, waitingSec: waiting / 1000 }));
  return {
    waitingSec: ms.waiting / 1000,
    talkSec: ms.talk / 1000,
    wrapUpSec: ms.wrapUp / 1000,
    offers: segments.filter((s) => s.kind === JourneySegmentKind.Offer).length,
    waitsByTopic,
  };
}
