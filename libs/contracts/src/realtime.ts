import type { AgentMeView, AgentState, AgentStateReason, BreakReason, SelectableAgentState } from './agent.js';
import type { CallDirection, CallState, CallView, Outcome } from './call.js';
import type { ApiErrorBody } from './errors.js';
import type { FollowUpKind } from './follow-up.js';

/*
 * The socket.io event map (DESIGN §5). Event names and payloads are a public API shared by the
 * api, the console and the simulator: add fields freely, never rename or remove one.
 * See docs/realtime-events.md.
 */

/** Socket.io namespaces. */
export const RealtimeNamespace = {
  Supervisor: '/supervisor',
  Agent: '/agent',
} as const;

/**
 * A call as the floor sees it: no personal data (no number, no caller key, no note).
 * `version` grows by one with every change of the call's row; a client keeps the highest it saw.
 */
export interface FloorCallView {
  id: string;
  version: number;
  state: CallState;
  direction: CallDirection;
  topicKey: string;
  language: string;
  priority: number;
  transferCount: number;
  agentId: string | null;
  queuedAt: string | null;
  waitingSince: string | null;
  answeredAt: string | null;
  offerExpiresAt: string | null;
  escalationStep: number;
  callbackOffered: boolean;
  outcome: Outcome | null;
}

/** An agent on the floor. `version` grows by one with every change of the agent's row or skills. */
export interface FloorAgentView extends Pick<AgentMeView, 'id' | 'username' | 'displayName' | 'team' | 'state' | 'stateReason' | 'stateSince' | 'skills'> {
  version: number;
}

/** One topic's queue now. Derived from the live calls, so it always agrees with them. */
export interface QueueView {
  topicKey: string;
  nameNb: string;
  nameEn: string;
  /** Service-level target: `serviceLevelTargetPct` % answered within `serviceLevelTargetSec`. */
  serviceLevelTargetSec: number;
  serviceLevelTargetPct: number;
  /** Callers on the line waiting for an agent. */
  waiting: number;
  /** Queue time of the caller who has waited longest, or null when nobody waits. */
  oldestQueuedAt: string | null;
  offered: number;
  connected: number;
  wrapUp: number;
  /** Callbacks waiting for an agent or for their next try; nobody is on the line for them (DESIGN §11). */
  callbacksWaiting: number;
  /** Callbacks an agent accepted whose caller the platform is dialling. */
  dialling: number;
}

/** `GET /api/queues`, and the queues of a supervisor's snapshot. */
export interface QueuesView {
  at: string;
  queues: QueueView[];
}

/** What a supervisor's screen is built from; sent on every (re)connect. */
export interface FloorSnapshot {
  at: string;
  queues: QueueView[];
  /** Calls not yet in a terminal state. */
  calls: FloorCallView[];
  agents: FloorAgentView[];
}

/** Today so far for one topic (DESIGN §7), with the counts behind each figure. */
export interface TopicTodayFigures {
  topicKey: string;
  /** Queue visits today: from the IVR and after transfers to this topic. */
  offered: number;
  /** Of those, visits that began with a transfer to this topic. */
  transferredIn: number;
  answered: number;
  abandoned: number;
  shortAbandons: number;
  answeredWithinTarget: number;
  /** answeredWithinTarget / (answered + abandoned − shortAbandons); null with no such calls. */
  serviceLevel: number | null;
  asaSec: number | null;
}

export interface MetricsTick {
  at: string;
  /** Start of "today" the figures count from. */
  since: string;
  topics: TopicTodayFigures[];
}

export const AlertKind = {
  ServiceLevelAtRisk: 'service_level_at_risk',
  LongWait: 'long_wait',
  MissedOffer: 'missed_offer',
  /** A follow-up without an owner falls due soon. */
  FollowUpDueSoon: 'follow_up_due_soon',
  /** A follow-up is past its due time and not done: escalated to supervisors. */
  FollowUpOverdue: 'follow_up_overdue',
  /** An agent's console went away while they were available or offered a call: taken off the phones. */
  ConsoleLost: 'console_lost',
  /** An improvement action falls due soon. */
  ImprovementActionDueSoon: 'improvement_action_due_soon',
  /** An improvement action is past its due time and not done: escalated to supervisors. */
  ImprovementActionOverdue: 'improvement_action_overdue',
} as const;
export type AlertKind = (typeof AlertKind)[keyof typeof AlertKind];

export interface FloorAlert {
  /** Stable for one occurrence, so a client can drop a repeat. */
  id: string;
  kind: AlertKind;
  at: string;
  topicKey: string | null;
  callId: string | null;
  agentId: string | null;
  /** For `long_wait`: how long the caller has waited. */
  waitedSec?: number;
  /** For `service_level_at_risk`: today's service level and the target, as fractions. */
  serviceLevel?: number;
  target?: number;
  /** For follow-up alerts: which follow-up, its kind and when it is (or was) due. */
  followUpId?: string;
  followUpKind?: FollowUpKind;
  dueAt?: string;
  /** For improvement-action alerts: which action (its due time is `dueAt`). */
  improvementActionId?: string;
}

/** The `/supervisor` events, each with its payload. */
export interface SupervisorEventPayloads {
  'queue.updated': QueueView;
  'agent.updated': FloorAgentView;
  'call.updated': FloorCallView;
  alert: FloorAlert;
  'metrics.tick': MetricsTick;
}
export type SupervisorEventName = keyof SupervisorEventPayloads;
/** One event as `batch` carries it: `[name, payload]`. */
export type SupervisorEvent = { [K in SupervisorEventName]: [K, SupervisorEventPayloads[K]] }[SupervisorEventName];

/**
 * `/supervisor` server → client. Floor changes (`call.updated`, `agent.updated`, `queue.updated`,
 * and alerts raised by a change) arrive inside `batch`, in order: a busy floor sends one message
 * a few times a second instead of one per change per screen. `forEachSupervisorEvent` unpacks them.
 */
export interface SupervisorServerToClientEvents {
  snapshot: (snapshot: FloorSnapshot) => void;
  batch: (events: SupervisorEvent[]) => void;
  alert: (alert: FloorAlert) => void;
  'metrics.tick': (tick: MetricsTick) => void;
}

/** Hands every supervisor event to `handler` in order, whether it came alone or in a `batch`. */
export function forEachSupervisorEvent(
  socket: { on(event: 'batch', listener: (events: SupervisorEvent[]) => void): unknown; on(event: 'alert' | 'metrics.tick', listener: (payload: never) => void): unknown },
  handler: (event: SupervisorEvent) => void,
): void {
  socket.on('batch', (events) => events.forEach(handler));
  socket.on('alert', (alert: FloorAlert) => handler(['alert', alert]));
  socket.on('metrics.tick', (tick: MetricsTick) => handler(['metrics.tick', tick]));
}

/** An earlier contact by the same caller (same caller key), newest first. */
export interface CallerHistoryEntry {
  callId: string;
  topicKey: string;
  arrivedAt: string;
  state: CallState;
  outcome: Outcome | null;
}

/** `/agent` `offer`: a call reserved for this agent until `expiresAt`. */
export interface AgentOfferEvent {
  callId: string;
  version: number;
  topicKey: string;
  language: string;
  direction: CallDirection;
  transferCount: number;
  waitedSec: number;
  expiresAt: string;
  /** Earlier contacts in the last 7 days and their outcomes; empty for a withheld number. */
  callerHistory: CallerHistoryEntry[];
}

export const OfferRevokedReason = {
  Declined: 'declined',
  Expired: 'expired',
  Revoked: 'revoked',
  Abandoned: 'abandoned',
} as const;
export type OfferRevokedReason = (typeof OfferRevokedReason)[keyof typeof OfferRevokedReason];

export interface AgentOfferRevokedEvent {
  callId: string;
  reason: OfferRevokedReason;
}

/** `/agent` `state`: the agent's own state. */
export interface AgentStateEvent {
  agentId: string;
  version: number;
  state: AgentState;
  stateReason: AgentStateReason | null;
  stateSince: string;
}

/** `/agent` server → client. */
export interface AgentServerToClientEvents {
  offer: (offer: AgentOfferEvent) => void;
  'offer.revoked': (revoked: AgentOfferRevokedEvent) => void;
  'call.updated': (call: FloorCallView) => void;
  state: (state: AgentStateEvent) => void;
  /** A follow-up this agent owns falls due soon. */
  'follow_up.reminder': (reminder: FollowUpReminderEvent) => void;
  /** A follow-up was created for this agent to own: a callback or handover they promised, an outcome to record. */
  'follow_up.assigned': (followUp: FollowUpReminderEvent) => void;
}

export interface FollowUpReminderEvent {
  followUpId: string;
  kind: FollowUpKind;
  callId: string;
  dueAt: string;
}

/** Every acknowledged client event answers with this: the REST route's body, or its error. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ApiErrorBody };

/** `/agent` client → server; each runs the same code as its REST route. */
export interface AgentClientToServerEvents {
  accept: (request: { callId: string }, ack: (response: Ack<CallView>) => void) => void;
  decline: (request: { callId: string }, ack: (response: Ack<CallView>) => void) => void;
  state: (request: { state: SelectableAgentState; reason?: BreakReason }, ack: (response: Ack<AgentMeView>) => void) => void;
}

/** Nothing: supervisors only listen. */
export type SupervisorClientToServerEvents = Record<string, never>;

export interface InterServerEvents {}

/** What the server keeps on each socket after its handshake was authenticated. */
export interface SocketData {
  userId: string;
  username: string;
  role: string;
  agentId: string | null;
  /** Epoch ms at which the access token expires and the socket is disconnected. */
  expiresAt: number;
}
