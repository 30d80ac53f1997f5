import { AppConfig } from '@fc/config';
import { JobName, QueueName } from '@fc/contracts';
import { QueueProcessor } from '@fc/jobs';
import { Injectable } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { RetentionService } from './retention.service.js';

/** The `retention` queue: the repeatable purge of personal data past its retention period. */
@Injectable()
export class RetentionProcessor extends QueueProcessor {
  protected readonly queue = QueueName.Retention;
  // One purge at a time is plenty; a second one in parallel would only skip the first one's rows.
  protected override readonly concurrency = 1;

  constructor(
    config: AppConfig,
    private readonly retention: RetentionService,
  ) {
    super(config);
  }

  protected async process(job: Job): Promise<unknown> {
    const name = job.name as JobName;
    switch (name) {
      case JobName.PurgeExpiredData:
        // The counts and cutoffs become the job's return value, shown on the job dashboard.
        return this.retention.purge();
      case JobName.CreateFollowUp:
      case JobName.SweepFollowUps:
      case JobName.SendFeedbackInvitation:
        throw new UnrecoverableError(`${name} does not belong on the ${this.queue} queue`);
      default: {
        const unknown: never = name;
        throw new UnrecoverableError(`unknown job ${String(unknown)}`);
      }
    }
  }
}
