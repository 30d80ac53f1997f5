import type { Role } from './auth.js';
import type { CallState } from './call.js';
/** PERSISTED IN follow_ups.kind: NEVER RENAME WITHOUT A MIGRATION. */
export const FollowUpKind = {
  Callback: 'callback',
  CaseHandover: 'case_handover',
  QualityReview: 'quality_review',
  LeaderConversation: 'leader_conversation',
  /** The agent's to-do when their wrap-up ran out of time: record what happened (DESIGN §4). */
  RecordOutcome: 'record_outcome',
} as const;
export type FollowUpKind = (typeof FollowUpKind)[keyof typeof FollowUpKind];
export const FOLLOW_UP_KINDS: readonly FollowUpKind[] = Object.values(FollowUpKind);

/** PERSISTED IN follow_ups.status: NEVER RENAME WITHOUT A MIGRATION. */
export const FollowUpStatus = {
  Open: 'open',
  InProgress: 'in_progress',
  Done: 'done',
  Cancelled: 'cancelled',
} as const;
export type FollowUpStatus = (typeof FollowUpStatus)[keyof typeof FollowUpStatus];
export const FOLLOW_UP_STATUSES: readonly FollowUpStatus[] = Object.values(FollowUpStatus);

/** Why a call went wrong (DESIGN §6). PERSISTED IN follow_ups.cause and reviews.cause: NEVER RENAME WITHOUT A MIGRATION. */
export const FollowUpCause = {
  LongAbandon: 'long_abandon',
  Runaround: 'runaround',
  OutcomeFollowUp: 'outcome_follow_up',
  OutcomeUnresolved: 'outcome_unresolved',
  Complaint: 'complaint',
  LowFeedback: 'low_feedback',
  RepeatContact: 'repeat_contact',
  RandomSample: 'random_sample',
  /** The wrap-up ran out of time before the agent recorded the outcome. */
  OutcomeNotRecorded: 'outcome_not_recorded',
  /** A virtual-hold callback was tried as often as allowed without reaching the caller. */
  CallbackUnanswered: 'callback_unanswered',
} as const;
export type FollowUpCause = (typeof FollowUpCause)[keyof typeof FollowUpCause];
export const FOLLOW_UP_CAUSES: readonly FollowUpCause[] = Object.values(FollowUpCause);

/** PERSISTED IN reviews.status: NEVER RENAME WITHOUT A MIGRATION. */
export const ReviewStatus = {
  Open: 'open',
  InProgress: 'in_progress',
  Done: 'done',
} as const;
export type ReviewStatus = (typeof ReviewStatus)[keyof typeof ReviewStatus];

/** Where an open follow-up stands against its due time. */
export type FollowUpTiming = 'on_track' | 'due_soon' | 'overdue';

/** A follow-up as supervisors, quality leads and owners see it. */
export interface FollowUpView {
  id: string;
  callId: string;
  kind: FollowUpKind;
  cause: FollowUpCause;
  status: FollowUpStatus;
  dueAt: string;
  /** For an open follow-up; null once done or cancelled. */
  timing: FollowUpTiming | null;
  topicKey: string;
  ownerUserId: string | null;
  ownerUsername: string | null;
  result: string | null;
  doneAt: string | null;
  remindedAt: string | null;
  escalatedAt: string | null;
  /** A callback: the outbound call carrying it out, if one was made, and where it stands. */
  callback: FollowUpCallbackView | null;
  /** A leader conversation: the invitation texted to the complainant and their answer (decision 0041). */
  invitation: LeaderInvitationView | null;
  createdAt: string;
  updatedAt: string;
}

/** A complainant's answer to the invitation to a conversation. PERSISTED IN leader_invitations.answer: NEVER RENAME WITHOUT A MIGRATION. */
export const LeaderInvitationAnswer = {
  Accepted: 'accepted',
  TimeSuggested: 'time_suggested',
  Declined: 'declined',
} as const;
export type LeaderInvitationAnswer = (typeof LeaderInvitationAnswer)[keyof typeof LeaderInvitationAnswer];
export const LEADER_INVITATION_ANSWERS: readonly LeaderInvitationAnswer[] = Object.values(LeaderInvitationAnswer);

/** Where an invitation stands: sent and open, answered one way, or expired unanswered. */
export type LeaderInvitationStatus = 'sent' | LeaderInvitationAnswer | 'expired';

/** Longest message a complainant may leave with their answer, in characters. */
export const LEADER_MESSAGE_MAX_LENGTH = 500;

/** The invitation to a conversation with a police leader, as the follow-up's readers see it. */
export interface LeaderInvitationView {
  status: LeaderInvitationStatus;
  /** The time the complainant suggested, when they did. */
  suggestedTime: string | null;
  /** What the complainant wrote with their answer; null when nothing, or once purged. */
  message: string | null;
  sentAt: string;
  expiresAt: string;
  answeredAt: string | null;
}

/** The outbound call a callback follow-up became (DESIGN §11). */
export interface FollowUpCallbackView {
  callId: string;
  state: CallState;
  dialAttempts: number;
  /** When a scheduled callback goes back to the queue. */
  dueAt: string | null;
}

/** Overdue open follow-ups first, then open ones by due time, then finished ones, newest first. */
export interface FollowUpList {
  items: FollowUpView[];
  total: number;
  overdue: number;
}

/**
 * `GET /api/follow-ups/assignees`: an active user a follow-up can be given to (its `ownerUserId`),
 * for those who assign: the user id, how they are named, and their role to group them by. Nothing else.
 */
export interface FollowUpAssigneeView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}
