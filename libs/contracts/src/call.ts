import type { JsonObject } from './errors.js';

/** Where a call is in its journey (DESIGN §3). PERSISTED IN calls.state: NEVER RENAME WITHOUT A MIGRATION. */
export const CallState = {
  Arrived: 'arrived',
  Queued: 'queued',
  Offered: 'offered',
  Connected: 'connected',
  WrapUp: 'wrap_up',
  Completed: 'completed',
  Abandoned: 'abandoned',
  CallbackRequested: 'callback_requested',
  /** A callback an agent accepted: the platform is dialling the caller (DESIGN §11). */
  Dialling: 'dialling',
  /** A callback whose caller did not answer, waiting for its next try (`callbackDueAt`). */
  Scheduled: 'scheduled',
  /** A callback tried as many times as allowed without reaching the caller: a supervisor's follow-up now. */
  Unreachable: 'unreachable',
  /** A callback taken back before it was made: its follow-up was finished another way. */
  Withdrawn: 'withdrawn',
} as const;
export type CallState = (typeof CallState)[keyof typeof CallState];
export const CALL_STATES = Object.values(CallState);

/** PERSISTED IN calls.direction: NEVER RENAME WITHOUT A MIGRATION. */
export const CallDirection = {
  Inbound: 'inbound',
  Callback: 'callback',
} as const;
export type CallDirection = (typeof CallDirection)[keyof typeof CallDirection];

/**
 * What the call achieved, recorded at wrap-up. `not_recorded` is set by the system only,
 * when wrap-up timed out without an outcome. PERSISTED IN calls.outcome: NEVER RENAME WITHOUT A MIGRATION.
 */
export const Outcome = {
  Resolved: 'resolved',
  SelfService: 'self_service',
  Referred: 'referred',
  FollowUp: 'follow_up',
  Unresolved: 'unresolved',
  Complaint: 'complaint',
  NotRecorded: 'not_recorded',
} as const;
export type Outcome = (typeof Outcome)[keyof typeof Outcome];
/** Outcomes an agent may record; `not_recorded` is the system's. */
export const AGENT_OUTCOMES = [Outcome.Resolved, Outcome.SelfService, Outcome.Referred, Outcome.FollowUp, Outcome.Unresolved, Outcome.Complaint] as const;
export type AgentOutcome = (typeof AGENT_OUTCOMES)[number];

/** Journey log entry types. PERSISTED IN call_events.type: NEVER RENAME WITHOUT A MIGRATION. */
export const JourneyEventType = {
  Arrived: 'arrived',
  Queued: 'queued',
  Offered: 'offered',
  OfferDeclined: 'offer_declined',
  OfferExpired: 'offer_expired',
  OfferRevoked: 'offer_revoked',
  Connected: 'connected',
  Transferred: 'transferred',
  Escalated: 'escalated',
  TalkEnded: 'talk_ended',
  OutcomeRecorded: 'outcome_recorded',
  Abandoned: 'abandoned',
  CallbackRequested: 'callback_requested',
  RepeatDetected: 'repeat_detected',
  FollowUpCreated: 'follow_up_created',
  FeedbackReceived: 'feedback_received',
  /** A callback was accepted and the platform told to dial the caller (`call.dial`). */
  DialStarted: 'dial_started',
  DialAnswered: 'dial_answered',
  /** The caller did not answer the callback: tried again at `retryAt`, or given up. */
  DialFailed: 'dial_failed',
  /** A callback's next try is due: back in the topic's queue. */
  CallbackDue: 'callback_due',
  CallbackWithdrawn: 'callback_withdrawn',
  /** The complainant answered the invitation to a conversation with a police leader (decision 0041). */
  LeaderInvitationAnswered: 'leader_invitation_answered',
} as const;
export type JourneyEventType = (typeof JourneyEventType)[keyof typeof JourneyEventType];

export interface JourneyEventView {
  seq: number;
  type: JourneyEventType;
  at: string;
  agentId: string | null;
  data: JsonObject;
}

export interface CallView {
  id: string;
  externalId: string;
  direction: CallDirection;
  state: CallState;
  topicKey: string;
  language: string;
  priority: number;
  transferCount: number;
  agentId: string | null;
  outcome: Outcome | null;
  expectationAligned: boolean | null;
  reasonCodes: string[];
  note: string | null;
  queuedAt: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  completedAt: string | null;
  repeatOfCallId: string | null;
  callbackOfCallId: string | null;
  /** A callback: how many times the platform was told to dial the caller. */
  dialAttempts: number;
  /** A scheduled callback: when it goes back to the queue. */
  callbackDueAt: string | null;
  events?: JourneyEventView[];
  /** A callback, to the agent who handles it: what happened before (the call it calls back, and its journey). */
  callbackOf?: EarlierCallView;
}

/** The call a callback calls back, as its agent sees it: no number, no note. */
export interface EarlierCallView {
  id: string;
  state: CallState;
  topicKey: string;
  arrivedAt: string;
  queuedAt: string | null;
  endedAt: string | null;
  /** How long the caller waited before they gave up or chose the callback. */
  waitedSec: number | null;
  events: JourneyEventView[];
}

/** Body of `POST /api/calls/:id/transfer`: exactly one of the two. */
export interface TransferCallRequest {
  topicKey?: string;
  agentId?: string;
  reason?: string;
}

/** Body of `POST /api/calls/:id/outcome`. */
export interface RecordOutcomeRequest {
  outcome: AgentOutcome;
  expectationAligned: boolean;
  reasonCodes?: string[];
  note?: string;
}
