import { CallState, JourneySegmentEnd, JourneySegmentKind } from '@fc/contracts';
import { RUNAROUND_TRANSFERS } from './follow-up-policy.js';
import { journeyStretches, type JourneyStretch, type QueueVisit, type TimelineEvent } from './journey-timeline.js';
import { DEFAULT_REPEAT_WINDOW_DAYS, DEFAULT_SERVICE_LEVEL_THRESHOLD_SEC, SHORT_ABANDON_SEC, addOutcome, emptyTally, tallyCall, type CallFacts, type CallTally } from './metric-formulas.js';

/*
 * DESIGN §7 "Attribution: per queue visit". One call counts three ways:
 * - once for the whole centre (`call`): the call-level tally of metric-formulas.ts;
 * - once per visit to a topic's queue (`visits`: topic rows): from the IVR, and again after each
 *   transfer to a topic; each visit is offered, answered or abandoned on its own, its wait timed from
 *   when it joined that queue and judged against the threshold that queue had then;
 * - once per agent's leg (`legs`: agent and team rows): each stretch one agent held the call, from
 *   answering it out of a queue or receiving it by a direct transfer until passing it on or completing it.
 * A transfer counts against the visit and the leg it happened in; the outcome against the last visit
 * and the last leg; handle time is each leg's own talk and wrap-up. The same walk of the journey log
 * as the quality review's timeline (journeyStretches) gives all three.
 */

/** What the attribution needs to know about the call besides its journey log. */
export interface AttributionFacts extends Omit<CallFacts, 'serviceLevelThresholdSec' | 'handleSec'> {
  /** The call's topic now (`calls.topic_id`): its last visit's, for journeys whose events do not name it. */
  topicId: string;
}

/** What the attribution needs to know about topics, for events written before they named their topic's id and threshold. */
export interface TopicCatalog {
  idByKey: ReadonlyMap<string, string>;
  /** Each topic's threshold T now: for a visit whose event did not record the one it had then. */
  thresholdSecById: ReadonlyMap<string, number>;
}

/** For journeys that name every visit's topic id and threshold: nothing to look up. */
export const NO_TOPIC_CATALOG: TopicCatalog = { idByKey: new Map(), thresholdSecById: new Map() };

/**
 * Whether attributing this journey may need the {@link TopicCatalog}: some visit's event was written
 * before visits recorded their topic's id and threshold, or there is no visit to read them from.
 * Journeys the api writes now never do, so a call finishing need not read the topics.
 */
export function needsTopicCatalog(events: readonly TimelineEvent[]): boolean {
  const visits = journeyStretches(events).map((stretch) => stretch.visit);
  return visits.length === 0 || visits.some((visit) => visit === null || visit.topicId === null || visit.serviceLevelThresholdSec === null);
}

/** What one visit (of a topic) or one leg (of an agent) adds to that entity's rows. */
export interface Contribution {
  /** The topic (visits) or the agent (legs). */
  entityId: string;
  /** Which interval it counts in: when its visit joined the queue (for the first visit, the call's `queuedAt`). */
  countedAt: Date;
  tally: CallTally;
}

export interface CallAttribution {
  /** The call counted once, when it first queued (whole-centre rows); null for a call that never queued. */
  call: { countedAt: Date; tally: CallTally } | null;
  /** One per visit to a topic's queue, in journey order. */
  visits: Contribution[];
  /** One per agent's leg, in journey order. */
  legs: Contribution[];
}

const TRANSFER_ENDS: ReadonlySet<JourneySegmentEnd | null> = new Set([JourneySegmentEnd.TransferredToTopic, JourneySegmentEnd.TransferredToAgent]);
const COMPLETION_ENDS: ReadonlySet<JourneySegmentEnd | null> = new Set([JourneySegmentEnd.OutcomeRecorded, JourneySegmentEnd.TimedOut]);

interface Leg {
  agentId: string | null;
  visit: QueueVisit | null;
  talk: JourneyStretch;
  /** Taken out of a queue (not received by a direct transfer). */
  fromQueue: boolean;
  /** Ended by a transfer or by completing the call: what AHT counts. */
  ended: boolean;
  transferred: boolean;
  /** The transfer that ended the leg left the call with two or more. */
  runaround: boolean;
  handleMs: number;
}

/**
 * What one call adds to the figures, as of `now` (only the repeat-adjusted figure's `provisional`
 * depends on it): for the whole centre, for each topic it queued for, and for each agent who held it.
 * Works on a finished call and on one still in progress (what has happened so far counts).
 */
export function attributeCall(call: AttributionFacts, events: readonly TimelineEvent[], topics: TopicCatalog, now: Date, repeatWindowDays = DEFAULT_REPEAT_WINDOW_DAYS): CallAttribution {
  const stretches = journeyStretches(events);
  const visits = [...new Set(stretches.map((s) => s.visit).filter((v): v is QueueVisit => v !== null))];
  const completed = call.state === CallState.Completed && call.completedAt !== null;
  // A callback inherits its original's transfers: the journey's own come on top.
  const transfersBefore = Math.max(0, call.transferCount - stretches.reduce((n, s) => Math.max(n, s.transfers), 0));

  // Events written before visits recorded their topic's id: by its key, by the transfer that left it, else the call's topic (the last visit's).
  const topicOf = (visit: QueueVisit): string => visit.topicId ?? (visit.topicKey ? topics.idByKey.get(visit.topicKey) : undefined) ?? visit.leftFromTopicId ?? call.topicId;
  const thresholdOf = (visit: QueueVisit | undefined, topicId: string): number => visit?.serviceLevelThresholdSec ?? topics.thresholdSecById.get(topicId) ?? DEFAULT_SERVICE_LEVEL_THRESHOLD_SEC;
  // The first visit starts when the call first queued: a callback keeps its original's place and age.
  const startOf = (visit: QueueVisit): Date => (visit.index === 0 && call.queuedAt ? call.queuedAt : visit.at);

  const legs = legsOf(stretches, transfersBefore);
  const legHandleMs = legs.reduce((n, leg) => n + (leg.ended ? leg.handleMs : 0), 0);

  const visitContributions = visits.map((visit, i): Contribution & { threshold: number } => {
    const last = i === visits.length - 1;
    const topicId = topicOf(visit);
    const threshold = thresholdOf(visit, topicId);
    const startMs = startOf(visit).getTime();
    const own = stretches.filter((s) => s.visit === visit);
    const tally = emptyTally();
    tally.offered = 1;
    tally.transferredIn = visit.byTransfer ? 1 : 0;
    const answer = own.find((s) => s.segment.kind !== JourneySegmentKind.Talk && s.segment.kind !== JourneySegmentKind.WrapUp && s.segment.end === JourneySegmentEnd.Connected);
    const abandon = own.find((s) => s.segment.end === JourneySegmentEnd.Abandoned);
    if (answer) {
      const waitSec = (answer.toMs! - startMs) / 1000;
      tally.answered = 1;
      tally.answeredFromQueue = 1;
      tally.answerWaitSec = waitSec;
      if (waitSec <= threshold) tally.answeredWithinTarget = 1;
      const ownLegs = legs.filter((leg) => leg.visit === visit);
      const lastStretch = own.at(-1)!;
      if (lastStretch.segment.end === JourneySegmentEnd.TransferredToTopic || COMPLETION_ENDS.has(lastStretch.segment.end)) {
        tally.handled = 1;
        tally.handleSec = ownLegs.reduce((n, leg) => n + leg.handleMs, 0) / 1000;
      }
      if (ownLegs.some((leg) => leg.transferred)) tally.transferred = 1;
      if (ownLegs.some((leg) => leg.runaround)) tally.runaround = 1;
      if (last && completed) addOutcome(tally, call, now, repeatWindowDays);
    } else if (abandon) {
      tally.abandoned = 1;
      if (abandon.toMs! - startMs < SHORT_ABANDON_SEC * 1000) tally.shortAbandons = 1;
    }
    return { entityId: topicId, countedAt: startOf(visit), tally, threshold };
  });

  const legContributions: Contribution[] = [];
  for (const [i, leg] of legs.entries()) {
    if (!leg.agentId) continue;
    const visitIndex = leg.visit ? visits.indexOf(leg.visit) : -1;
    const visit = visitContributions[visitIndex];
    const tally = emptyTally();
    tally.offered = 1;
    tally.answered = 1;
    if (leg.fromQueue && visit) {
      tally.answeredFromQueue = 1;
      tally.answerWaitSec = visit.tally.answerWaitSec;
      tally.answeredWithinTarget = visit.tally.answeredWithinTarget;
    } else if (!leg.fromQueue) tally.transferredIn = 1;
    if (leg.ended) {
      tally.handled = 1;
      tally.handleSec = leg.handleMs / 1000;
    }
    if (leg.transferred) tally.transferred = 1;
    if (leg.runaround) tally.runaround = 1;
    if (i === legs.length - 1 && completed) addOutcome(tally, call, now, repeatWindowDays);
    legContributions.push({ entityId: leg.agentId, countedAt: visit?.countedAt ?? call.queuedAt ?? new Date(leg.talk.fromMs), tally });
  }

  const firstQueuedAt = call.queuedAt ?? visits[0]?.at ?? null;
  const firstThreshold = visitContributions[0]?.threshold ?? thresholdOf(undefined, call.topicId);
  return {
    call: firstQueuedAt
      ? {
          countedAt: firstQueuedAt,
          tally: tallyCall({ ...call, queuedAt: firstQueuedAt, serviceLevelThresholdSec: firstThreshold, handleSec: legHandleMs / 1000 }, now, repeatWindowDays),
        }
      : null,
    visits: visitContributions.map(({ entityId, countedAt, tally }) => ({ entityId, countedAt, tally })),
    legs: legContributions,
  };
}

/** Each talk stretch begins a leg (an answer out of the queue, or a direct transfer); the wrap-up after it is the same leg's. */
function legsOf(stretches: readonly JourneyStretch[], transfersBefore: number): Leg[] {
  const legs: Leg[] = [];
  for (const [i, stretch] of stretches.entries()) {
    if (stretch.segment.kind !== JourneySegmentKind.Talk) continue;
    const before = stretches[i - 1];
    const after = stretches[i + 1];
    const wrapUp = after?.segment.kind === JourneySegmentKind.WrapUp ? after : null;
    const transferred = TRANSFER_ENDS.has(stretch.segment.end);
    const ended = transferred || (wrapUp !== null && COMPLETION_ENDS.has(wrapUp.segment.end));
    const duration = (s: JourneyStretch | null) => (s && s.toMs !== null ? s.toMs - s.fromMs : 0);
    legs.push({
      agentId: stretch.segment.agentId,
      visit: stretch.visit,
      talk: stretch,
      fromQueue: before?.segment.end !== JourneySegmentEnd.TransferredToAgent,
      ended,
      transferred,
      runaround: transferred && transfersBefore + stretch.transfers >= RUNAROUND_TRANSFERS,
      handleMs: duration(stretch) + duration(wrapUp),
    });
  }
  return legs;
}
