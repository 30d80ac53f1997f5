import { AppConfig } from '@fc/config';
import { JobName } from '@fc/contracts';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { jobOptionsFor } from './job-options.js';
import { JobQueues } from './job-queues.js';

/**
 * The repeatable jobs: follow-up reminders and escalation, and the retention purge. Upserted on
 * every worker start, so a changed interval takes effect and several workers keep one schedule.
 */
@Injectable()
export class JobSchedules implements OnApplicationBootstrap {
  constructor(
    private readonly queues: JobQueues,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const schedules = [
      { name: JobName.SweepFollowUps, every: this.config.followUpSweepSec * 1000 },
      { name: JobName.PurgeExpiredData, every: this.config.retentionSweepMin * 60_000 },
    ] as const;
    for (const { name, every } of schedules) {
      const { attempts, backoff, removeOnComplete, removeOnFail } = jobOptionsFor(name);
      await this.queues.ofJob(name).upsertJobScheduler(name, { every }, { name, data: {}, opts: { attempts, backoff, removeOnComplete, removeOnFail } });
    }
  }
}
