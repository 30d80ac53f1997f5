import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { ImprovementActionEntity } from './improvement-action.entity.js';
import { RootCauseEntity } from './root-cause.entity.js';

/** A root cause an improvement action is meant to remove. */
@Entity({ name: 'improvement_action_root_causes' })
@Index('improvement_action_root_causes_cause_idx', ['rootCauseKey'])
export class ImprovementActionRootCauseEntity {
  @PrimaryColumn({ name: 'action_id', type: 'uuid' })
  actionId!: string;

  @PrimaryColumn({ name: 'root_cause_id', type: 'varchar', length: 64 })
  rootCauseKey!: string;

  @ManyToOne(() => ImprovementActionEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'action_id' })
  action?: Relation<ImprovementActionEntity>;

  @ManyToOne(() => RootCauseEntity, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'root_cause_id' })
  rootCause?: Relation<RootCauseEntity>;
}
