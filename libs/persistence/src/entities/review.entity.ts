import type { FollowUpCause, ReviewStatus } from '@fc/contracts';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { CallEntity } from './call.entity.js';
import { TopicEntity } from './topic.entity.js';
import { UserEntity } from './user.entity.js';

/** A quality lead's review of one call: root causes, feedback to the agent, a learning to share. */
@Entity({ name: 'reviews' })
@Index('reviews_status_created_idx', ['status', 'createdAt'])
@Index('reviews_agent_idx', ['agentId'])
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

  /** The agent whose handling is reviewed: the call's last agent, if it reached one. */
  @Column({ name: 'agent_id', type: 'uuid', nullable: true })
  agentId!: string | null;

  @ManyToOne(() => TopicEntity, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'topic_id' })
  topic?: Relation<TopicEntity>;

  /** The call's topic when the review was created, for the insight report. */
  @Column({ name: 'topic_id', type: 'uuid' })
  topicId!: string;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt!: Date | null;

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
