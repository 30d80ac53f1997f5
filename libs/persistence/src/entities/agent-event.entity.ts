import type { AgentState, AgentStateReason } from '@fc/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { AgentEntity } from './agent.entity.js';

/**
 * One change of an agent's state: the agent's own journey log, written in the same transaction
 * as the change. Occupancy and "idle while a call waited" are computed from it.
 */
@Entity({ name: 'agent_events' })
@Index('agent_events_agent_at_idx', ['agentId', 'at'])
@Index('agent_events_at_idx', ['at'])
export class AgentEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne(() => AgentEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agent_id' })
  agent?: Relation<AgentEntity>;

  @Column({ name: 'agent_id', type: 'uuid' })
  agentId!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'varchar', length: 16 })
  state!: AgentState;

  @Column({ type: 'varchar', length: 16, nullable: true })
  reason!: AgentStateReason | null;

  /** The call that caused the change, if one did (offer, accept, end, outcome…). */
  @Column({ name: 'call_id', type: 'uuid', nullable: true })
  callId!: string | null;

  /** The writing transaction's id (`pg_current_xact_id()`): which routing rounds could see this. */
  @Column({ name: 'xact_id', type: 'bigint', nullable: true })
  xactId!: string | null;
}
