import { AppConfig } from '@fc/config';
import { JobName } from '@fc/contracts';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { jobOptionsFor } from './job-options.js';
import { JobQueues } from './job-queues.js';

/** The repeatable jobs, each scheduled under its own name. */
export const SCHEDULED_JOBS = [JobName.SweepFollowUps, JobName.PurgeExpiredData] as const;
export type ScheduledJob = (typeof SCHEDULED_JOBS)[number];

/**
 * The repeatable jobs: follow-up reminders and escalation, and the retention purge. Upserted on
 * every worker start, so a changed interval takes effect and several workers keep one schedule.
 *
 * A schedule lives only in Redis: a Redis that loses its keys (a restart without persistence, a
 * failover to an empty replica) loses it, and jobs enqueued afterwards still run, so nothing else
 * would notice. So the worker upserts them again whenever a queue's connection becomes ready again,
 * and every `jobScheduleCheckSec` looks each one up and re-creates the missing (decision 0028).
 */
@Injectable()
export class JobSchedules implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobSchedules.name);
  private timer: NodeJS.Timeout | undefined;
  private readonly detach: (() => void)[] = [];
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly queues: JobQueues,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.upsert(SCHEDULED_JOBS);
    for (const queue of new Set(SCHEDULED_JOBS.map((name) => this.queues.ofJob(name)))) {
      // The first 'ready' has passed by now: every later one is a reconnect, after which Redis may be empty.
      const backend = queue.getBackend();
      const onReady = () => void this.serially(() => this.upsert(SCHEDULED_JOBS), 'after a Redis reconnect');
      backend.on('ready', onReady);
      this.detach.push(() => backend.off('ready', onReady));
    }
    this.timer = setInterval(() => void this.serially(() => this.restoreMissing(), 'in the periodic check'), this.config.jobScheduleCheckSec * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    for (const detach of this.detach.splice(0)) detach();
  }

  /** The schedules Redis does not have. */
  async missing(): Promise<ScheduledJob[]> {
    const present = await Promise.all(SCHEDULED_JOBS.map(async (name) => Boolean(await this.queues.ofJob(name).getJobScheduler(name))));
    return SCHEDULED_JOBS.filter((_, i) => !present[i]);
  }

  /** Re-creates the schedules Redis lost; returns them. */
  async restoreMissing(): Promise<ScheduledJob[]> {
    const missing = await this.missing();
    if (missing.length) {
      this.logger.warn({ schedules: missing }, 'job schedules missing from Redis: re-creating them');
      await this.upsert(missing);
    }
    return missing;
  }

  private async upsert(names: readonly ScheduledJob[]): Promise<void> {
    const every: Record<ScheduledJob, number> = {
      [JobName.SweepFollowUps]: this.config.followUpSweepSec * 1000,
      [JobName.PurgeExpiredData]: this.config.retentionSweepMin * 60_000,
    };
    for (const name of names) {
      const { attempts, backoff, removeOnComplete, removeOnFail } = jobOptionsFor(name);
      await this.queues.ofJob(name).upsertJobScheduler(name, { every: every[name] }, { name, data: {}, opts: { attempts, backoff, removeOnComplete, removeOnFail } });
    }
  }

  /** One check at a time; a failure (Redis still away) is logged and left for the next. */
  private serially(work: () => Promise<unknown>, when: string): Promise<unknown> {
    this.running = this.running.then(work).catch((error: unknown) => this.logger.warn({ err: error }, `job schedules not checked ${when}`));
    return this.running;
  }
}
