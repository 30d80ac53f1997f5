import type { JourneyEventType } from '@fc/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { AgentEntity } from './agent.entity.js';
import { CallEntity } from './call.entity.js';

/** One entry of a call's journey log. Append-only: a trigger refuses UPDATE and DELETE. */
@Entity({ name: 'call_events' })
@Index('call_events_agent_at_idx', ['agentId', 'at'])
export class CallEventEntity {
  @PrimaryColumn({ name: 'call_id', type: 'uuid' })
  callId!: string;

  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  @ManyToOne(() => CallEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'call_id' })
  call?: Relation<CallEntity>;

  @Column({ type: 'varchar', length: 32 })
  type!: JourneyEventType;

  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  at!: Date;

  @ManyToOne(() => AgentEntity, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agent_id' })
  agent?: Relation<AgentEntity> | null;

  @Column({ name: 'agent_id', type: 'uuid', nullable: true })
  agentId!: string | null;

  /** The writing transaction's id (`pg_current_xact_id()`): which routing rounds could see this. */
  @Column({ name: 'xact_id', type: 'bigint', nullable: true })
  xactId!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  // jsonb; `any` because TypeORM's insert types cannot recurse into a JSON type.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data!: Record<string, any>;
}
