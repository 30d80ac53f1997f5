import { z } from 'zod';
import { FollowUpCause, FollowUpKind } from './follow-up.js';

/** BullMQ queues, one processor each. PERSISTED IN job_outbox.queue AND REDIS KEYS: NEVER RENAME WITHOUT A MIGRATION. */
export const QueueName = {
  FollowUps: 'follow-ups',
  Feedback: 'feedback',
  Retention: 'retention',
  PlatformEvents: 'platform-events',
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
  /** Text a complainant the invitation to a conversation with a police leader (decision 0041). */
  SendLeaderInvitation: 'send-leader-invitation',
  /** Purge personal data past its retention period. Repeatable. */
  PurgeExpiredData: 'purge-expired-data',
  /**
   * POST a call's platform events to the telephony webhook, in `seq` order, up to and past event
   * `seq` (every one still undelivered); one job per event, so none is left without one.
   */
  DeliverPlatformEvent: 'deliver-platform-event',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

/**
 * What each job carries, one schema per job: the processor checks a job's payload against it before
 * its handler runs, and a payload that fails it fails the job for good (decision 0030).
 */
// Built in a call marked pure, so the console, which imports the contracts but never a schema, bundles no zod.
export const JOB_PAYLOADS = /* @__PURE__ */ (() =>
  ({
    [JobName.CreateFollowUp]: z.object({ callId: z.guid(), kind: z.enum(FollowUpKind), cause: z.enum(FollowUpCause), at: z.iso.datetime() }),
    [JobName.SweepFollowUps]: z.object({}),
    [JobName.SendFeedbackInvitation]: z.object({ callId: z.guid(), at: z.iso.datetime() }),
    [JobName.PurgeExpiredData]: z.object({}),
    [JobName.SendLeaderInvitation]: z.object({ followUpId: z.guid(), at: z.iso.datetime() }),
    [JobName.DeliverPlatformEvent]: z.object({ callId: z.guid(), seq: z.int().positive() }),
  }) as const satisfies { readonly [J in JobName]: z.ZodType })();

/** What each job carries, as its schema reads it. */
export type JobPayloads = { [J in JobName]: z.infer<(typeof JOB_PAYLOADS)[J]> };

/** The queue each job runs on. */
export const QUEUE_OF_JOB = {
  [JobName.CreateFollowUp]: QueueName.FollowUps,
  [JobName.SweepFollowUps]: QueueName.FollowUps,
  [JobName.SendFeedbackInvitation]: QueueName.Feedback,
  [JobName.PurgeExpiredData]: QueueName.Retention,
  [JobName.SendLeaderInvitation]: QueueName.Feedback,
  [JobName.DeliverPlatformEvent]: QueueName.PlatformEvents,
} as const satisfies { readonly [J in JobName]: QueueName };

/** The jobs that run on queue `Q`, as {@link QUEUE_OF_JOB} places them. */
export type JobsOf<Q extends QueueName> = { [J in JobName]: (typeof QUEUE_OF_JOB)[J] extends Q ? J : never }[JobName];

/** Jobs that go through the transactional outbox (the repeatable ones are scheduled instead). */
export type OutboxJobName = typeof JobName.CreateFollowUp | typeof JobName.SendFeedbackInvitation | typeof JobName.SendLeaderInvitation | typeof JobName.DeliverPlatformEvent;

/** Between a platform event's call id and its `seq` in its delivery job's id; SQL that writes the job in the event's own statement builds the same id with it. */
export const PLATFORM_EVENT_JOB_ID_INFIX = '-platform-event-';

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
    case JobName.SendLeaderInvitation:
      return `${(payload as JobPayloads[typeof JobName.SendLeaderInvitation]).followUpId}-leader-invitation`;
    case JobName.DeliverPlatformEvent: {
      const p = payload as JobPayloads[typeof JobName.DeliverPlatformEvent];
      return `${p.callId}${PLATFORM_EVENT_JOB_ID_INFIX}${p.seq}`;
    }
    default: {
      const unknown: never = name;
      throw new Error(`no job id for ${String(unknown)}`);
    }
  }
}
