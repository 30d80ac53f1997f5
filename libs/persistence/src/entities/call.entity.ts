import type { CallDirection, CallState, Outcome } from '@fc/contracts';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { AgentEntity } from './agent.entity.js';
import { TopicEntity } from './topic.entity.js';

/**
 * One call and where it is in its journey. Holds no raw phone number: `callerKey` is an HMAC of it.
 * Only the journey (libs/journey, through its `JourneyWriter`) writes here, always with a `call_events` row in the same transaction.
 */
@Entity({ name: 'calls' })
// The database itself refuses a second active call for one agent, whatever the code does.
@Index('calls_one_active_call_per_agent', ['agentId'], { unique: true, where: `"state" IN ('offered', 'dialling', 'connected', 'wrap_up')` })
@Index('calls_waiting_idx', ['priority', 'queuedAt'], { where: `"state" = 'queued'` })
@Index('calls_caller_topic_idx', ['callerKey', 'topicId', 'arrivedAt'], { where: `"caller_key" IS NOT NULL` })
@Index('calls_agent_idx', ['agentId'])
@Index('calls_queued_at_idx', ['queuedAt'])
@Index('calls_live_queued_at_idx', ['queuedAt'], { where: `"state" IN ('arrived', 'queued', 'offered', 'dialling', 'scheduled', 'connected', 'wrap_up')` })
// The ticker's way to the callbacks whose next try is due.
@Index('calls_callback_due_idx', ['callbackDueAt'], { where: `"state" = 'scheduled'` })
// The retention purge's way to the notes past their period; a blanked note leaves the index.
@Index('calls_note_completed_at_idx', ['completedAt'], { where: `"note" IS NOT NULL` })
// The queue wait estimate's handle times read the last hour's completed calls, in every arrival's
// transaction and every routing tick: without it, a scan of every call ever (EXPLAIN in decision 0036).
@Index('calls_completed_at_idx', ['completedAt'])
@Check('calls_transfer_count_non_negative', '"transfer_count" >= 0')
export class CallEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'external_id', type: 'varchar', length: 128, unique: true })
  externalId!: string;

  @Column({ type: 'varchar', length: 16, default: 'inbound' })
  direction!: CallDirection;

  @Column({ type: 'varchar', length: 24 })
  state!: CallState;

  @ManyToOne(() => TopicEntity, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'topic_id' })
  topic?: Relation<TopicEntity>;

  @Column({ name: 'topic_id', type: 'uuid' })
  topicId!: string;

  @Column({ type: 'varchar', length: 8 })
  language!: string;

  @Column({ type: 'integer', default: 0 })
  priority!: number;

  @Column({ name: 'transfer_count', type: 'integer', default: 0 })
  transferCount!: number;

  /** The agent offered, connected or in wrap-up with the call; after that, the last one who handled it. */
  @ManyToOne(() => AgentEntity, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agent_id' })
  agent?: Relation<AgentEntity> | null;

  @Column({ name: 'agent_id', type: 'uuid', nullable: true })
  agentId!: string | null;

  /** HMAC-SHA256(pepper, E.164 number), hex; null when the number was withheld. */
  @Column({ name: 'caller_key', type: 'char', length: 64, nullable: true })
  callerKey!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  outcome!: Outcome | null;

  @Column({ name: 'expectation_aligned', type: 'boolean', nullable: true })
  expectationAligned!: boolean | null;

  @Column({ name: 'reason_codes', type: 'text', array: true, default: () => "'{}'" })
  reasonCodes!: string[];

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'arrived_at', type: 'timestamptz' })
  arrivedAt!: Date;

  /** When the caller first joined a queue; a callback copies its original call's time. */
  @Column({ name: 'queued_at', type: 'timestamptz', nullable: true })
  queuedAt!: Date | null;

  /** Since when the call has waited for its current topic: escalation steps look at this age. */
  @Column({ name: 'waiting_since', type: 'timestamptz', nullable: true })
  waitingSince!: Date | null;

  /** The escalation step routing last put the call on; -1 before the first (DESIGN §4). */
  @Column({ name: 'escalation_step', type: 'integer', default: -1 })
  escalationStep!: number;

  /** Set when escalation reached a step that offers the caller a callback. */
  @Column({ name: 'callback_offered_at', type: 'timestamptz', nullable: true })
  callbackOfferedAt!: Date | null;

  @Column({ name: 'offer_expires_at', type: 'timestamptz', nullable: true })
  offerExpiresAt!: Date | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;

  /** When talk ended, or when the caller hung up while waiting. */
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @ManyToOne(() => CallEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'repeat_of_call_id' })
  repeatOf?: Relation<CallEntity> | null;

  @Column({ name: 'repeat_of_call_id', type: 'uuid', nullable: true })
  repeatOfCallId!: string | null;

  @ManyToOne(() => CallEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'callback_of_call_id' })
  callbackOf?: Relation<CallEntity> | null;

  @Column({ name: 'callback_of_call_id', type: 'uuid', nullable: true })
  callbackOfCallId!: string | null;

  /** A callback: how many times the platform was told to dial the caller (DESIGN §11). */
  @Column({ name: 'dial_attempts', type: 'integer', default: 0 })
  dialAttempts!: number;

  /** A callback: when the platform was last told to dial (the dial timeout runs from here). */
  @Column({ name: 'dialled_at', type: 'timestamptz', nullable: true })
  dialledAt!: Date | null;

  /** A scheduled callback: when it goes back to the queue for its next try. */
  @Column({ name: 'callback_due_at', type: 'timestamptz', nullable: true })
  callbackDueAt!: Date | null;

  /** When the same caller called again about the same topic within the repeat window (DESIGN §7). */
  @Column({ name: 'repeat_contact_at', type: 'timestamptz', nullable: true })
  repeatContactAt!: Date | null;

  /** Sequence number of the last journey event; the next event gets `lastSeq + 1`. */
  @Column({ name: 'last_seq', type: 'integer', default: 0 })
  lastSeq!: number;

  /**
   * Grows by one with every change of the row, set by a database trigger that also announces the
   * change to the live floor (docs/decisions/0011-realtime.md); never written by the application.
   */
  @Column({ type: 'integer', default: 1, insert: false, update: false })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
