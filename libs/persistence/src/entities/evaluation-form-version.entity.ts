import type { EvaluationCriterion } from '@fc/contracts';
import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { EvaluationFormEntity } from './evaluation-form.entity.js';
import { UserEntity } from './user.entity.js';

/**
 * One version of a form's criteria. Written once, never changed (a trigger refuses UPDATE): an
 * evaluation keeps the version it was scored with, so an edit writes the next version instead.
 */
@Entity({ name: 'evaluation_form_versions' })
@Unique('evaluation_form_versions_form_version_key', ['formId', 'version'])
export class EvaluationFormVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne(() => EvaluationFormEntity, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'form_id' })
  form?: Relation<EvaluationFormEntity>;

  @Column({ name: 'form_id', type: 'uuid' })
  formId!: string;

  /** 1, 2, 3, … per form; the highest is the current one. */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'jsonb' })
  criteria!: EvaluationCriterion[];

  /** Null for the seeded version, and if the admin's account is ever deleted. */
  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_user_id' })
  createdBy?: Relation<UserEntity> | null;

  @Column({ name: 'created_by_user_id', type: 'uuid', nullable: true })
  createdByUserId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
