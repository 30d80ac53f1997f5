import type { EvaluationScores } from '@fc/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { CalibrationEntity } from './calibration.entity.js';
import { EvaluationFormVersionEntity } from './evaluation-form-version.entity.js';
import { ReviewEntity } from './review.entity.js';
import { UserEntity } from './user.entity.js';

/** A quality lead's scored evaluation of a reviewed call, with the form version it was scored with (decision 0040). */
@Entity({ name: 'evaluations' })
@Index('evaluations_review_idx', ['reviewId'])
// One evaluation per participant of a calibration.
@Index('evaluations_calibration_evaluator_key', ['calibrationId', 'evaluatorUserId'], { unique: true, where: 'calibration_id IS NOT NULL' })
export class EvaluationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne(() => ReviewEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'review_id' })
  review?: Relation<ReviewEntity>;

  @Column({ name: 'review_id', type: 'uuid' })
  reviewId!: string;

  @ManyToOne(() => EvaluationFormVersionEntity, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'form_version_id' })
  formVersion?: Relation<EvaluationFormVersionEntity>;

  @Column({ name: 'form_version_id', type: 'uuid' })
  formVersionId!: string;

  @ManyToOne(() => UserEntity, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'evaluator_user_id' })
  evaluator?: Relation<UserEntity>;

  @Column({ name: 'evaluator_user_id', type: 'uuid' })
  evaluatorUserId!: string;

  /** Each criterion's value by key, or 'na'. */
  @Column({ type: 'jsonb' })
  scores!: EvaluationScores;

  /** The weighted percentage (libs/domain `scoreEvaluation`), one decimal. */
  @Column({ type: 'double precision' })
  score!: number;

  /** Feedback to the agent. */
  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  @ManyToOne(() => CalibrationEntity, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'calibration_id' })
  calibration?: Relation<CalibrationEntity> | null;

  /** Set for a calibration's blind score: never shown to the agent. */
  @Column({ name: 'calibration_id', type: 'uuid', nullable: true })
  calibrationId!: string | null;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt!: Date;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ name: 'acknowledgement_comment', type: 'text', nullable: true })
  acknowledgementComment!: string | null;
}
