import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { AgentEntity } from './agent.entity.js';
import { SkillEntity } from './skill.entity.js';

/** How good an agent is at a skill, 1 (can answer the basics) to 5 (expert). */
@Entity({ name: 'agent_skills' })
@Check('agent_skills_proficiency_range', '"proficiency" BETWEEN 1 AND 5')
export class AgentSkillEntity {
  @PrimaryColumn({ name: 'agent_id', type: 'uuid' })
  agentId!: string;

  @PrimaryColumn({ name: 'skill_id', type: 'uuid' })
  skillId!: string;

  @ManyToOne(() => AgentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agent_id' })
  agent?: Relation<AgentEntity>;

  @ManyToOne(() => SkillEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'skill_id' })
  skill?: Relation<SkillEntity>;

  @Column({ type: 'smallint' })
  proficiency!: number;
}
