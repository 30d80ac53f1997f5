import type { CallView, EarlierCallView, JourneyEventView } from '@fc/contracts';
import { iso } from '@fc/domain';
import type { CallEntity, CallEventEntity } from '@fc/persistence';

/** The call as clients see it (DESIGN §8); never includes the caller key or number. */
export function toCallView(call: CallEntity, topicKey: string, events?: CallEventEntity[]): CallView {
  return {
    id: call.id,
    externalId: call.externalId,
    direction: call.direction,
    state: call.state,
    topicKey,
    language: call.language,
    priority: call.priority,
    transferCount: call.transferCount,
    agentId: call.agentId,
    outcome: call.outcome,
    expectationAligned: call.expectationAligned,
    reasonCodes: call.reasonCodes,
    note: call.note,
    queuedAt: iso(call.queuedAt),
    answeredAt: iso(call.answeredAt),
    endedAt: iso(call.endedAt),
    completedAt: iso(call.completedAt),
    repeatOfCallId: call.repeatOfCallId,
    callbackOfCallId: call.callbackOfCallId,
    dialAttempts: call.dialAttempts,
    callbackDueAt: iso(call.callbackDueAt),
    ...(events && { events: events.map(toJourneyEventView) }),
  };
}

export function toJourneyEventView(event: CallEventEntity): JourneyEventView {
  return { seq: event.seq, type: event.type, at: event.at.toISOString(), agentId: event.agentId, data: event.data };
}

/** The call a callback calls back, as its agent sees it: its journey and how long the caller waited; no number, no note. */
export function toEarlierCallView(call: CallEntity, topicKey: string, events: CallEventEntity[]): EarlierCallView {
  return {
    id: call.id,
    state: call.state,
    topicKey,
    arrivedAt: call.arrivedAt.toISOString(),
    queuedAt: iso(call.queuedAt),
    endedAt: iso(call.endedAt),
    waitedSec: call.queuedAt && call.endedAt ? Math.round((call.endedAt.getTime() - call.queuedAt.getTime()) / 1000) : null,
    events: events.map(toJourneyEventView),
  };
}
