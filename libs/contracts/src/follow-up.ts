/** PERSISTED IN follow_ups.kind: NEVER RENAME WITHOUT A MIGRATION. */
export const FollowUpKind = {
  Callback: 'callback',
  CaseHandover: 'case_handover',
  QualityReview: 'quality_review',
  LeaderConversation: 'leader_conversation',
} as const;
export type FollowUpKind = (typeof FollowUpKind)[keyof typeof FollowUpKind];

/** PERSISTED IN follow_ups.status: NEVER RENAME WITHOUT A MIGRATION. */
export const FollowUpStatus = {
  Open: 'open',
  InProgress: 'in_progress',
  Done: 'done',
  Cancelled: 'cancelled',
} as const;
export type FollowUpStatus = (typeof FollowUpStatus)[keyof typeof FollowUpStatus];

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
} as const;
export type FollowUpCause = (typeof FollowUpCause)[keyof typeof FollowUpCause];

/** PERSISTED IN reviews.status: NEVER RENAME WITHOUT A MIGRATION. */
export const ReviewStatus = {
  Open: 'open',
  InProgress: 'in_progress',
  Done: 'done',
} as const;
export type ReviewStatus = (typeof ReviewStatus)[keyof typeof ReviewStatus];
