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
 * detection, follow-ups, feedback) are left to the event list.
 */
export function journeyTimeline(events: readonly TimelineEvent[], options: TimelineOptions = {}): JourneyTimeline {
  const ordered = [...events].sort((a, b) => a.seq - b.seq);
  const segments: JourneySegment[] = [];
  let topicKey = options.firstTopicKey ?? null;
  let current: { segment: JourneySegment; fromMs: number } | null = null;

  const open = (kind: JourneySegmentKind, at: Date, agentId: string | null) => {
    const segment: JourneySegment = { kind, topicKey, agentId, from: at.toISOString(), to: null, durationSec: null, end: null };
    segments.push(segment);
    current = { segment, fromMs: at.getTime() };
  };
  const close = (at: Date, end: JourneySegmentEnd): JourneySegment | null => {
    if (!current) return null;
    const { segment, fromMs } = current;
    Object.assign(segment, { to: at.toISOString(), durationSec: (at.getTime() - fromMs) / 1000, end });
    current = null;
    return segment;
  };

  for (const event of ordered) {
    switch (event.type) {
      case JourneyEventType.Arrived:
        topicKey = text(event.data.topicKey) ?? topicKey;
        break;
      case JourneyEventType.Queued:
        topicKey = text(event.data.topicKey) ?? topicKey;
        open(JourneySegmentKind.Queue, event.at, null);
        break;
      case JourneyEventType.Offered:
        close(event.at, JourneySegmentEnd.Offered);
        open(JourneySegmentKind.Offer, event.at, event.agentId);
        break;
      case JourneyEventType.OfferDeclined:
      case JourneyEventType.OfferExpired:
      case JourneyEventType.OfferRevoked:
        // The caller goes back to the same queue and waits again.
        close(event.at, END_OF[event.type]!);
        open(JourneySegmentKind.Queue, event.at, null);
        break;
      case JourneyEventType.Connected:
        close(event.at, JourneySegmentEnd.Connected);
        open(JourneySegmentKind.Talk, event.at, event.agentId);
        break;
      case JourneyEventType.Transferred:
        if (event.data.to === 'topic') {
          close(event.at, JourneySegmentEnd.TransferredToTopic);
          topicKey = text(event.data.toTopicKey) ?? topicKey;
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
        break;
      default: {
        const unknown: never = event.type;
        throw new Error(`unknown journey event type ${String(unknown)}`);
      }
    }
  }
  return { segments, ...totals(segments) };
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
