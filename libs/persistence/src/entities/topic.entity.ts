import type { EscalationStep, RoutingStrategy } from '@fc/contracts';
import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { SkillEntity } from './skill.entity.js';

/** An IVR choice of the line, with what it takes to answer it (DESIGN §3, §4). */
@Entity({ name: 'topics' })
@Check('topics_min_proficiency_range', '"min_proficiency" BETWEEN 1 AND 5')
@Check('topics_service_level_target_range', '"service_level_target_pct" BETWEEN 1 AND 100')
export class TopicEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  key!: string;

  @Column({ name: 'name_nb', type: 'varchar', length: 120 })
  nameNb!: string;

  @Column({ name: 'name_en', type: 'varchar', length: 120 })
  nameEn!: string;

  @ManyToOne(() => SkillEntity, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'skill_id' })
  skill?: Relation<SkillEntity>;

  @Column({ name: 'skill_id', type: 'uuid' })
  skillId!: string;

  @Column({ name: 'min_proficiency', type: 'smallint', default: 1 })
  minProficiency!: number;

  @Column({ type: 'integer', default: 0 })
  priority!: number;

  @Column({ name: 'service_level_target_pct', type: 'smallint', default: 80 })
  serviceLevelTargetPct!: number;

  @Column({ name: 'service_level_threshold_sec', type: 'integer', default: 20 })
  serviceLevelThresholdSec!: number;

  @Column({ type: 'varchar', length: 40, default: 'most_proficient_longest_idle' })
  strategy!: RoutingStrategy;

  @Column({ name: 'escalation_steps', type: 'jsonb', default: () => "'[]'" })
  escalationSteps!: EscalationStep[];

  @Column({ name: 'callback_target_min', type: 'integer', default: 240 })
  callbackTargetMin!: number;

  @Column({ name: 'closing_guidance_nb', type: 'text', default: '' })
  closingGuidanceNb!: string;

  @Column({ name: 'closing_guidance_en', type: 'text', default: '' })
  closingGuidanceEn!: string;

  @Column({ name: 'sort_order', type: 'integer', default: 0 })
  sortOrder!: number;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
