import { JobName } from '@fc/contracts';
import type { DefaultJobOptions } from 'bullmq';

/**
 * Retries per kind of job, with exponential backoff (delay × 2^(attempt-1)). Creating a follow-up
 * is cheap and must not be lost, so it tries long; a feedback text is worth less after a day.
 */
export const JOB_RETRIES: { readonly [J in JobName]: Pick<DefaultJobOptions, 'attempts' | 'backoff'> } = {
  [JobName.CreateFollowUp]: { attempts: 10, backoff: { type: 'exponential', delay: 1_000 } },
  [JobName.SweepFollowUps]: { attempts: 3, backoff: { type: 'exponential', delay: 2_000 } },
  [JobName.SendFeedbackInvitation]: { attempts: 6, backoff: { type: 'exponential', delay: 5_000 } },
  [JobName.PurgeExpiredData]: { attempts: 5, backoff: { type: 'exponential', delay: 60_000 } },
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
