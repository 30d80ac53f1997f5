import type { FollowUpCause, ReviewStatus } from '@fc/contracts';
import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, OneToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { CallEntity } from './call.entity.js';
import { UserEntity } from './user.entity.js';

/** A quality lead's review of one call: root causes, feedback to the agent, a learning to share. */
@Entity({ name: 'reviews' })
export class ReviewEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @OneToOne(() => CallEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'call_id' })
  call?: Relation<CallEntity>;

  @Column({ name: 'call_id', type: 'uuid', unique: true })
  callId!: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  causes!: FollowUpCause[];

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status!: ReviewStatus;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'reviewer_user_id' })
  reviewer?: Relation<UserEntity> | null;

  @Column({ name: 'reviewer_user_id', type: 'uuid', nullable: true })
  reviewerUserId!: string | null;

  @Column({ name: 'root_causes', type: 'text', array: true, default: () => "'{}'" })
  rootCauses!: string[];

  @Column({ name: 'agent_feedback', type: 'text', nullable: true })
  agentFeedback!: string | null;

  @Column({ type: 'text', nullable: true })
  learning!: string | null;

  @Column({ name: 'learning_shared', type: 'boolean', default: false })
  learningShared!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
