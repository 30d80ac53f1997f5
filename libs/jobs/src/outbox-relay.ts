import { AppConfig } from '@fc/config';
import { type JobName, type QueueName } from '@fc/contracts';
import { TransactionRunner } from '@fc/persistence';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { jobOptionsFor } from './job-options.js';
import { JobQueues } from './job-queues.js';

interface PendingJob {
  id: string;
  queue: QueueName;
  name: JobName;
  job_id: string;
  payload: Record<string, unknown>;
  enqueued_at: Date | null;
}

const BATCH = 200;

/**
 * Moves jobs from the outbox (PostgreSQL) to their queues (Redis). New jobs go at once; a job
 * enqueued long ago and still not done is looked up in Redis and enqueued again if Redis lost it
 * (a restart without persistence, a failover). Deterministic job ids make a second `add` of a job
 * Redis still has a no-op, so several relays (one per worker) can run side by side; SKIP LOCKED
 * keeps them off each other's rows.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly queues: JobQueues,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One pass over the outbox. @returns how many jobs it handed to Redis, and how many of those Redis had lost. */
  async relayOnce(): Promise<{ enqueued: number; recovered: number }> {
    return this.transactions.run(async ({ manager }) => {
      const rows: PendingJob[] = await manager.query(
        `SELECT id, queue, name, job_id, payload, enqueued_at FROM job_outbox
          WHERE done_at IS NULL AND (enqueued_at IS NULL OR enqueued_at < now() - make_interval(secs => $1))
          ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [this.config.outboxRecheckSec, BATCH],
      );
      let recovered = 0;
      const toAdd = new Map<QueueName, PendingJob[]>();
      for (const row of rows) {
        if (row.enqueued_at) {
          if (await this.queues.of(row.queue).getJob(row.job_id)) continue;
          recovered++;
          this.logger.warn({ jobId: row.job_id, queue: row.queue }, 'job missing from Redis; enqueued again from the outbox');
        }
        const jobs = toAdd.get(row.queue);
        if (jobs) jobs.push(row);
        else toAdd.set(row.queue, [row]);
      }
      // One round trip per queue: a job that runs at once marks its row done, and waits for this
      // transaction's lock on the row until it commits, so the batch is held as briefly as it can be.
      let enqueued = 0;
      for (const [queue, jobs] of toAdd) {
        await this.queues.of(queue).addBulk(jobs.map((row) => ({ name: row.name, data: row.payload, opts: jobOptionsFor(row.name, row.job_id) })));
        enqueued += jobs.length;
      }
      if (rows.length) await manager.query('UPDATE job_outbox SET enqueued_at = now() WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)]);
      return { enqueued, recovered };
    });
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.relayOnce()
        .then(({ enqueued }) => this.schedule(enqueued >= BATCH ? 0 : this.config.outboxPollMs))
        .catch((error: unknown) => {
          this.logger.warn({ err: error }, 'outbox relay pass failed; retrying');
          this.schedule(this.config.outboxPollMs * 4);
        });
    }, delayMs);
  }
}
