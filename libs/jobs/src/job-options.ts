import { JobName } from '@fc/contracts';
import type { DefaultJobOptions } from 'bullmq';

/** The backoff type of a platform event's delivery; the platform-events processor computes it ({@link platformDeliveryDelayMs}). */
export const PLATFORM_DELIVERY_BACKOFF = 'platform-delivery';

/** The longest a failed platform event's delivery waits before its next attempt. */
export const PLATFORM_DELIVERY_MAX_DELAY_MS = 10 * 60_000;

/**
 * Attempts of a platform event's delivery: at most 20 doublings reach the 10-minute cap from any
 * base the config allows (10 ms and up), and the 149 capped waits after them alone last 24 h 50 min,
 * so a receiver that is away for a day still gets every event.
 */
export const PLATFORM_DELIVERY_ATTEMPTS = 170;

/**
 * How long a platform event's delivery waits after its `attemptsMade`-th failed attempt: `baseMs`
 * doubled each time, at most {@link PLATFORM_DELIVERY_MAX_DELAY_MS}.
 */
export function platformDeliveryDelayMs(attemptsMade: number, baseMs: number): number {
  return Math.min(PLATFORM_DELIVERY_MAX_DELAY_MS, baseMs * 2 ** Math.min(Math.max(attemptsMade - 1, 0), 30));
}

/**
 * Retries per kind of job, with exponential backoff (delay × 2^(attempt-1)). Creating a follow-up
 * is cheap and must not be lost, so it tries long; a feedback text is worth less after a day. A
 * platform event is retried for more than a day, its waits capped (its processor's backoff).
 */
export const JOB_RETRIES: { readonly [J in JobName]: Pick<DefaultJobOptions, 'attempts' | 'backoff'> } = {
  [JobName.CreateFollowUp]: { attempts: 10, backoff: { type: 'exponential', delay: 1_000 } },
  [JobName.SweepFollowUps]: { attempts: 3, backoff: { type: 'exponential', delay: 2_000 } },
  [JobName.SendFeedbackInvitation]: { attempts: 6, backoff: { type: 'exponential', delay: 5_000 } },
  // An invitation to a conversation stays worth sending for days: it tries as long as a follow-up's creation.
  [JobName.SendLeaderInvitation]: { attempts: 10, backoff: { type: 'exponential', delay: 5_000 } },
  [JobName.PurgeExpiredData]: { attempts: 5, backoff: { type: 'exponential', delay: 60_000 } },
  [JobName.DeliverPlatformEvent]: { attempts: PLATFORM_DELIVERY_ATTEMPTS, backoff: { type: PLATFORM_DELIVERY_BACKOFF } },
};

/**
 * Finished jobs are kept for a bounded time and number: completed ones a day (the database has
 * their effect), failed ones a month so administrators see them on the job dashboard and can retry.
 */
export const FINISHED_JOB_RETENTION: Pick<DefaultJobOptions, 'removeOnComplete' | 'removeOnFail'> = {
  removeOnComplete: { age: 24 * 3600, count: 1_000 },
  removeOnFail: { age: 30 * 24 * 3600, count: 10_000 },
};

export function jobOptionsFor(name: JobName, jobId?: string) {
  return { ...JOB_RETRIES[name], ...FINISHED_JOB_RETENTION, ...(jobId ? { jobId } : {}) };
}
