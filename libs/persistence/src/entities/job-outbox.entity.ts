import type { JobName, QueueName } from '@fc/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The transactional outbox of BullMQ jobs: a job is written here in the same transaction as the
 * change that calls for it, the relay puts it on its queue, and its processor marks it done in the
 * transaction of its effect. A job that Redis lost is enqueued again from here.
 */
@Entity({ name: 'job_outbox' })
@Index('job_outbox_pending_idx', ['id'], { where: '"done_at" IS NULL' })
export class JobOutboxEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  queue!: QueueName;

  @Column({ type: 'varchar', length: 64 })
  name!: JobName;

  /** The BullMQ job id, deterministic from the business key. */
  @Column({ name: 'job_id', type: 'varchar', length: 200, unique: true })
  jobId!: string;

  @Column({ type: 'jsonb' })
  // jsonb; `any` because TypeORM's insert types cannot recurse into a JSON type.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  payload!: Record<string, any>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** When the relay last handed it to Redis (or found it there). */
  @Column({ name: 'enqueued_at', type: 'timestamptz', nullable: true })
  enqueuedAt!: Date | null;

  /** When its processor committed its effect. */
  @Column({ name: 'done_at', type: 'timestamptz', nullable: true })
  doneAt!: Date | null;
}
