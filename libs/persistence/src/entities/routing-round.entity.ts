import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One routing round that had calls waiting: when it read the floor and when it finished, by the
 * database clock, and what it could see. Shows routing latency to operations and lets the logs
 * prove that no round left a qualified agent idle while a call it qualified for waited.
 * Purged by the retention job.
 */
@Entity({ name: 'routing_rounds' })
@Index('routing_rounds_started_at_idx', ['startedAt'])
export class RoutingRoundEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** When the round, holding the routing lock, began to read. */
  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  /** Written with clock_timestamp() as the round's last statement (now() would be its start). */
  @Column({ name: 'finished_at', type: 'timestamptz' })
  finishedAt!: Date;

  /** The snapshot the round read with (`pg_current_snapshot()`), to tell which changes it saw. */
  @Column({ type: 'text' })
  snapshot!: string;

  /** The round's own transaction id: the offers and escalations it wrote carry it. */
  @Column({ name: 'xact_id', type: 'bigint' })
  xactId!: string;

  @Column({ type: 'integer' })
  waiting!: number;

  @Column({ type: 'integer' })
  offered!: number;

  @Column({ type: 'integer' })
  escalated!: number;
}
