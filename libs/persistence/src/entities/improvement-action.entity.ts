import type { EffectReport, ImprovementActionInsightFilter, ImprovementActionKind, ImprovementActionOrigin, ImprovementActionStatus } from '@fc/contracts';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { ReviewEntity } from './review.entity.js';
import { UserEntity } from './user.entity.js';

/**
 * What the centre changes because of what it learned (issue 18): a training, a closing guidance,
 * an IVR text… with an owner, a due time and, once done, what was done and when it took effect,
 * from which its effect is measured. Its history is its audit entries (decision 0038).
 */
@Entity({ name: 'improvement_actions' })
@Index('improvement_actions_open_due_idx', ['dueAt'], { where: `"status" IN ('planned', 'in_progress')` })
@Index('improvement_actions_origin_review_idx', ['originReviewId'], { where: `"origin_review_id" IS NOT NULL` })
@Check('improvement_actions_public_summaries', `NOT "public" OR ("public_summary_nb" IS NOT NULL AND "public_summary_en" IS NOT NULL)`)
@Check('improvement_actions_done_result', `"status" <> 'done' OR ("result" IS NOT NULL AND "effective_at" IS NOT NULL)`)
@Check('improvement_actions_cancel_reason', `"status" <> 'cancelled' OR "cancel_reason" IS NOT NULL`)
export class ImprovementActionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  /** What will change. */
  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: ImprovementActionKind;

  @Column({ type: 'varchar', length: 16, default: 'planned' })
  status!: ImprovementActionStatus;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_user_id' })
  owner?: Relation<UserEntity> | null;

  @Column({ name: 'owner_user_id', type: 'uuid', nullable: true })
  ownerUserId!: string | null;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  /** When the change took effect: the moment it was marked done unless given; the effect is measured from here. */
  @Column({ name: 'effective_at', type: 'timestamptz', nullable: true })
  effectiveAt!: Date | null;

  /**
   * The effect as last measured (decision 0038): kept so that lists, the public page and the action
   * page read it instead of running two metrics reports per read. Null until first measured.
   */
  @Column({ type: 'jsonb', nullable: true })
  effect!: EffectReport | null;

  @Column({ name: 'effect_measured_at', type: 'timestamptz', nullable: true })
  effectMeasuredAt!: Date | null;

  /** What was done: required to mark it done. */
  @Column({ type: 'text', nullable: true })
  result!: string | null;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason!: string | null;

  @Column({ name: 'origin_kind', type: 'varchar', length: 16 })
  originKind!: ImprovementActionOrigin;

  @ManyToOne(() => ReviewEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'origin_review_id' })
  originReview?: Relation<ReviewEntity> | null;

  @Column({ name: 'origin_review_id', type: 'uuid', nullable: true })
  originReviewId!: string | null;

  /** For an action opened from the insights: the period and topic filter it was opened from. */
  @Column({ name: 'origin_insight', type: 'jsonb', nullable: true })
  originInsight!: ImprovementActionInsightFilter | null;

  /** Shown to citizens (what we changed); then both summaries are required. */
  @Column({ type: 'boolean', default: false })
  public!: boolean;

  @Column({ name: 'public_summary_nb', type: 'text', nullable: true })
  publicSummaryNb!: string | null;

  @Column({ name: 'public_summary_en', type: 'text', nullable: true })
  publicSummaryEn!: string | null;

  /** When supervisors were reminded that it falls due soon (by the follow-up sweep). */
  @Column({ name: 'reminded_at', type: 'timestamptz', nullable: true })
  remindedAt!: Date | null;

  /** When it was escalated to supervisors for being overdue. */
  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true })
  escalatedAt!: Date | null;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_user_id' })
  createdBy?: Relation<UserEntity> | null;

  @Column({ name: 'created_by_user_id', type: 'uuid', nullable: true })
  createdByUserId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
