import { AppConfig } from '@fc/config';
import { JobName, QueueName } from '@fc/contracts';
import { QueueProcessor, type JobHandlers } from '@fc/jobs';
import { Injectable } from '@nestjs/common';
import { RetentionService } from './retention.service.js';

/**
 * The `retention` queue: the hourly upkeep. The purge of personal data past its retention period,
 * then the metrics rollups' closed buckets folded into one row each.
 */
@Injectable()
export class RetentionProcessor extends QueueProcessor<typeof QueueName.Retention> {
  protected readonly queue = QueueName.Retention;
  // One purge at a time is plenty; a second one in parallel would only skip the first one's rows.
  protected override readonly concurrency = 1;
  protected readonly handlers: JobHandlers<typeof QueueName.Retention> = {
    // The counts and cutoffs become the job's return value, shown on the job dashboard.
    [JobName.PurgeExpiredData]: async () => ({ ...(await this.retention.purge()), rollupRowsFolded: await this.retention.foldRollups() }),
  };

  constructor(
    config: AppConfig,
    private readonly retention: RetentionService,
  ) {
    super(config);
  }
}
