import type { CalibrationStatus } from '@fc/contracts';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { EvaluationFormVersionEntity } from './evaluation-form-version.entity.js';
import { ReviewEntity } from './review.entity.js';
import { UserEntity } from './user.entity.js';

/** Quality leads score one review blind, each on their own, to see how far apart they lie (decision 0040). */
@Entity({ name: 'calibrations' })
@Index('calibrations_review_idx', ['reviewId'])
export class CalibrationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne(() => ReviewEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'review_id' })
  review?: Relation<ReviewEntity>;

  @Column({ name: 'review_id', type: 'uuid' })
  reviewId!: string;

  /** Every participant scores this version, even if the form gets a new one meanwhile. */
  @ManyToOne(() => EvaluationFormVersionEntity, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'form_version_id' })
  formVersion?: Relation<EvaluationFormVersionEntity>;

  @Column({ name: 'form_version_id', type: 'uuid' })
  formVersionId!: string;

  @ManyToOne(() => UserEntity, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'started_by_user_id' })
  startedBy?: Relation<UserEntity>;

  @Column({ name: 'started_by_user_id', type: 'uuid' })
  startedByUserId!: string;

  /** The quality leads who score, the one who started it among them. */
  @Column({ name: 'participant_user_ids', type: 'uuid', array: true })
  participantUserIds!: string[];

  /** open → closed: closed when every participant has scored or the starter closes it. PERSISTED: never rename. */
  @Column({ type: 'varchar', length: 16, default: 'open' })
  status!: CalibrationStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;
}
