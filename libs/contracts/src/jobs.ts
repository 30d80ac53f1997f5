import type { FollowUpCause, FollowUpKind } from './follow-up.js';

/** BullMQ queues, one processor each. PERSISTED IN job_outbox.queue AND REDIS KEYS: NEVER RENAME WITHOUT A MIGRATION. */
export const QueueName = {
  FollowUps: 'follow-ups',
  Feedback: 'feedback',
  Retention: 'retention',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

/** Job names. PERSISTED IN job_outbox.name AND REDIS: NEVER RENAME WITHOUT A MIGRATION. */
export const JobName = {
  /** Create one follow-up (and, for a quality review, the review) for a cause of a call. */
  CreateFollowUp: 'create-follow-up',
  /** Reminders before due, escalation to supervisors when overdue. Repeatable. */
  SweepFollowUps: 'sweep-follow-ups',
  /** Send a completed call's caller a single-use feedback link. */
  SendFeedbackInvitation: 'send-feedback-invitation',
  /** Purge personal data past its retention period. Repeatable. */
  PurgeExpiredData: 'purge-expired-data',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

/** What each job carries. Job payloads are validated again by their processor. */
export interface JobPayloads {
  [JobName.CreateFollowUp]: { callId: string; kind: FollowUpKind; cause: FollowUpCause; at: string };
  [JobName.SweepFollowUps]: Record<string, never>;
  [JobName.SendFeedbackInvitation]: { callId: string; at: string };
  [JobName.PurgeExpiredData]: Record<string, never>;
}

/** The queue each job runs on. */
export const QUEUE_OF_JOB: { readonly [J in JobName]: QueueName } = {
  [JobName.CreateFollowUp]: QueueName.FollowUps,
  [JobName.SweepFollowUps]: QueueName.FollowUps,
  [JobName.SendFeedbackInvitation]: QueueName.Feedback,
  [JobName.PurgeExpiredData]: QueueName.Retention,
};

/** Jobs that go through the transactional outbox (the repeatable ones are scheduled instead). */
export type OutboxJobName = typeof JobName.CreateFollowUp | typeof JobName.SendFeedbackInvitation;

/**
 * Deterministic job ids from the business key, so the same cause reported twice is one job.
 * A follow-up job is keyed by call and kind, plus the cause: a second reason to review the same
 * call (a repeat contact days after a runaround) must still reach the review.
 */
export function jobIdOf<J extends OutboxJobName>(name: J, payload: JobPayloads[J]): string {
  switch (name) {
    case JobName.CreateFollowUp: {
      const p = payload as JobPayloads[typeof JobName.CreateFollowUp];
      return `${p.callId}-${p.kind}-${p.cause}`;
    }
    case JobName.SendFeedbackInvitation:
      return `${(payload as JobPayloads[typeof JobName.SendFeedbackInvitation]).callId}-feedback-invitation`;
    default: {
      const unknown: never = name;
      throw new Error(`no job id for ${String(unknown)}`);
    }
  }
}
