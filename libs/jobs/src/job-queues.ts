import { QueueName, QUEUE_OF_JOB, type JobName, type JobPayloads, type OutboxJobName } from '@fc/contracts';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Job, JobType, Queue } from 'bullmq';
import { jobOptionsFor } from './job-options.js';

/** The states a job can be in, as operations count them. */
export const COUNTED_JOB_STATES = ['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized', 'waiting-children'] as const satisfies readonly JobType[];

/** Every queue of the system, with a typed `add`. */
@Injectable()
export class JobQueues {
  private readonly queues: ReadonlyMap<QueueName, Queue>;

  constructor(
    @InjectQueue(QueueName.FollowUps) followUps: Queue,
    @InjectQueue(QueueName.Feedback) feedback: Queue,
    @InjectQueue(QueueName.Retention) retention: Queue,
    @InjectQueue(QueueName.PlatformEvents) platformEvents: Queue,
  ) {
    this.queues = new Map([
      [QueueName.FollowUps, followUps],
      [QueueName.Feedback, feedback],
      [QueueName.Retention, retention],
      [QueueName.PlatformEvents, platformEvents],
    ]);
  }

  all(): Queue[] {
    return [...this.queues.values()];
  }

  of(queue: QueueName): Queue {
    return this.queues.get(queue)!;
  }

  ofJob(name: JobName): Queue {
    return this.of(QUEUE_OF_JOB[name]);
  }

  /**
   * Runs a repeatable job now, under BullMQ's own id. Jobs with a business key go through the
   * outbox (`addJobInTransaction`), keyed by `jobIdOf`.
   */
  add<J extends Exclude<JobName, OutboxJobName>>(name: J, payload: JobPayloads[J]): Promise<Job> {
    return this.of(QUEUE_OF_JOB[name]).add(name, payload, jobOptionsFor(name));
  }

  /** Job counts by queue and state, for operations. */
  async counts(): Promise<{ queue: QueueName; state: (typeof COUNTED_JOB_STATES)[number]; count: number }[]> {
    const rows = await Promise.all(
      [...this.queues].map(async ([queue, q]) => {
        const counts = await q.getJobCounts(...COUNTED_JOB_STATES);
        return COUNTED_JOB_STATES.map((state) => ({ queue, state, count: counts[state] ?? 0 }));
      }),
    );
    return rows.flat();
  }
}
