import type { AgentState, AgentStateReason } from '@fc/contracts';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, OneToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { UserEntity } from './user.entity.js';

/** A user who takes calls, with a live state that only the journey (libs/journey, through its `JourneyWriter`) changes. */
@Entity({ name: 'agents' })
@Index('agents_available_idx', ['stateSince'], { where: `"state" = 'available'` })
export class AgentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @OneToOne(() => UserEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<UserEntity>;

  @Column({ name: 'user_id', type: 'uuid', unique: true })
  userId!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  team!: string | null;

  /** Where the telephony platform rings and bridges this agent: a SIP URI or an extension; null until set. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  endpoint!: string | null;

  @Column({ type: 'varchar', length: 16, default: 'offline' })
  state!: AgentState;

  @Column({ name: 'state_reason', type: 'varchar', length: 16, nullable: true })
  stateReason!: AgentStateReason | null;

  /** When the current state began; for `available` agents this is "idle since". */
  @Column({ name: 'state_since', type: 'timestamptz', default: () => 'now()' })
  stateSince!: Date;

  /** When the agent was last offered a call, for round-robin routing. */
  @Column({ name: 'last_offered_at', type: 'timestamptz', nullable: true })
  lastOfferedAt!: Date | null;

  /**
   * Grows by one with every change of the row, set by a database trigger that also announces the
   * change to the live floor (docs/decisions/0011-realtime.md); never written by the application.
   */
  @Column({ type: 'integer', default: 1, insert: false, update: false })
  version!: number;

  /**
   * The agent's skills as the floor feed announces them, kept by database triggers where skills
   * change so that an announcement of a state change need not read them (docs/decisions/0058);
   * never read or written by the application.
   */
  @Column({ name: 'announced_skills', type: 'json', default: () => "'[]'", select: false, insert: false, update: false })
  announcedSkills?: { skillKey: string; proficiency: number }[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
