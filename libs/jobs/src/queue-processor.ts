import { AppConfig } from '@fc/config';
import type { JobName, QueueName } from '@fc/contracts';
import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { UnrecoverableError, Worker, type BackoffStrategy, type Job } from 'bullmq';
import { checkedPayload, type HandledJobs, type JobHandler, type JobHandlers } from './job-handlers.js';

/**
 * The processor of one queue: a BullMQ worker that takes its lock and stall timing from the
 * validated config (the `@Processor` decorator only takes constants). A worker that dies mid-job
 * stops renewing the job's lock; after `JOB_LOCK_MS` another worker (or this one, restarted) runs
 * the job again, which is why every handler is idempotent.
 *
 * A subclass names its queue and declares `handlers: JobHandlers<Q>`, one per job of that queue;
 * each job's payload is checked against its schema before its handler sees it (decision 0030).
 */
export abstract class QueueProcessor<Q extends QueueName = QueueName> implements OnApplicationBootstrap, OnApplicationShutdown {
  protected abstract readonly queue: Q;
  protected abstract readonly handlers: JobHandlers<Q>;
  protected readonly concurrency: number = 4;
  /** The waits of a job whose backoff type is none of BullMQ's own (`fixed`, `exponential`). */
  protected readonly backoffStrategy: BackoffStrategy | undefined = undefined;
  protected readonly logger = new Logger(this.constructor.name);
  private worker: Worker | null = null;

  constructor(protected readonly config: AppConfig) {}

  /** The queue and the jobs this processor handles, for the worker's boot check. */
  handledJobs(): HandledJobs {
    return { processor: this.constructor.name, queue: this.queue, jobs: Object.keys(this.handlers) };
  }

  /**
   * Hands one job to its handler with its checked payload; throws to retry it with backoff, or
   * {@link UnrecoverableError} to fail it for good (a job of another queue, a payload its schema refuses).
   */
  protected async process(job: Job): Promise<unknown> {
    const handlers: Partial<Record<string, JobHandler<JobName>>> = this.handlers;
    const handler = Object.hasOwn(handlers, job.name) ? handlers[job.name] : undefined;
    if (!handler) throw new UnrecoverableError(`${job.name} does not belong on the ${this.queue} queue`);
    return handler(checkedPayload(job.name as JobName, job.data), job);
  }

  onApplicationBootstrap(): void {
    this.worker = new Worker(this.queue, (job: Job) => this.process(job), {
      connection: { url: this.config.redisUrl },
      prefix: `${this.config.redisPrefix}:bull`,
      concurrency: this.concurrency,
      lockDuration: this.config.jobLockMs,
      stalledInterval: this.config.jobLockMs,
      // A job whose worker died is run again; only one that keeps killing its workers fails.
      maxStalledCount: 3,
      ...(this.backoffStrategy ? { settings: { backoffStrategy: this.backoffStrategy } } : {}),
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
