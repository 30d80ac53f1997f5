import type { FollowUpCause, FollowUpKind, FollowUpStatus } from '@fc/contracts';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn, type Relation } from 'typeorm';
import { CallEntity } from './call.entity.js';
import { UserEntity } from './user.entity.js';

/** Tracked work caused by a call that went wrong (DESIGN §6). One per call and kind. */
@Entity({ name: 'follow_ups' })
@Unique('follow_ups_call_kind_unique', ['callId', 'kind'])
@Index('follow_ups_open_due_idx', ['dueAt'], { where: `"status" IN ('open', 'in_progress')` })
@Index('follow_ups_callback_call_idx', ['callbackCallId'], { where: `"callback_call_id" IS NOT NULL` })
export class FollowUpEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne(() => CallEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'call_id' })
  call?: Relation<CallEntity>;

  @Column({ name: 'call_id', type: 'uuid' })
  callId!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: FollowUpKind;

  @Column({ type: 'varchar', length: 32 })
  cause!: FollowUpCause;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status!: FollowUpStatus;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_user_id' })
  owner?: Relation<UserEntity> | null;

  @Column({ name: 'owner_user_id', type: 'uuid', nullable: true })
  ownerUserId!: string | null;

  @Column({ type: 'text', nullable: true })
  result!: string | null;

  @Column({ name: 'done_at', type: 'timestamptz', nullable: true })
  doneAt!: Date | null;

  /** When the owner (or, without one, the supervisors) was reminded that it falls due soon. */
  @Column({ name: 'reminded_at', type: 'timestamptz', nullable: true })
  remindedAt!: Date | null;

  /** When it was escalated to supervisors for being overdue. */
  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true })
  escalatedAt!: Date | null;

  /** A callback: the outbound call carrying it out (DESIGN §11); the latest, after a supervisor re-queued it. */
  @ManyToOne(() => CallEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'callback_call_id' })
  callbackCall?: Relation<CallEntity> | null;

  @Column({ name: 'callback_call_id', type: 'uuid', nullable: true })
  callbackCallId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
