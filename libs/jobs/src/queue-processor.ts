import { AppConfig } from '@fc/config';
import type { QueueName } from '@fc/contracts';
import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { UnrecoverableError, Worker, type Job } from 'bullmq';

/**
 * The processor of one queue: a BullMQ worker that takes its lock and stall timing from the
 * validated config (the `@Processor` decorator only takes constants). A worker that dies mid-job
 * stops renewing the job's lock; after `JOB_LOCK_MS` another worker (or this one, restarted) runs
 * the job again, which is why every handler is idempotent.
 */
export abstract class QueueProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  protected abstract readonly queue: QueueName;
  protected readonly concurrency: number = 4;
  protected readonly logger = new Logger(this.constructor.name);
  private worker: Worker | null = null;

  constructor(protected readonly config: AppConfig) {}

  /** Handles one job; throws to retry it with backoff, or {@link UnrecoverableError} to fail it for good. */
  protected abstract process(job: Job): Promise<unknown>;

  onApplicationBootstrap(): void {
    this.worker = new Worker(this.queue, (job: Job) => this.process(job), {
      connection: { url: this.config.redisUrl },
      prefix: `${this.config.redisPrefix}:bull`,
      concurrency: this.concurrency,
      lockDuration: this.config.jobLockMs,
      stalledInterval: this.config.jobLockMs,
      // A job whose worker died is run again; only one that keeps killing its workers fails.
      maxStalledCount: 3,
    });
    this.worker.on('failed', (job, error) => {
      const final = !job || error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
      this.logger[final ? 'error' : 'warn']({ queue: this.queue, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: error }, final ? 'job failed for good' : 'job failed; will retry');
    });
    this.worker.on('error', (error) => this.logger.warn({ queue: this.queue, err: error }, 'worker connection problem'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
