import type { LeaderInvitationAnswer } from '@fc/contracts';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { CallEntity } from './call.entity.js';
import { FollowUpEntity } from './follow-up.entity.js';

/**
 * A complainant's invitation to a conversation with a police leader (decision 0041): one per
 * leader conversation follow-up, reached through a single-use link whose token is stored hashed
 * only. The message is personal data; the retention job blanks it.
 */
@Entity({ name: 'leader_invitations' })
@Check('leader_invitations_answer_known', `"answer" IS NULL OR "answer" IN ('accepted', 'time_suggested', 'declined')`)
@Check('leader_invitations_answered_with_answer', `("answered_at" IS NULL) = ("answer" IS NULL)`)
@Check('leader_invitations_time_with_suggestion', `("suggested_time" IS NOT NULL) = ("answer" IS NOT DISTINCT FROM 'time_suggested')`)
@Check('leader_invitations_message_length', `"message" IS NULL OR char_length("message") <= 500`)
// The retention purge's way to the numbers an open invitation still needs.
@Index('leader_invitations_open_call_idx', ['callId'], { where: `"answered_at" IS NULL` })
// The retention purge's way to the messages past their period; a blanked message leaves the index.
@Index('leader_invitations_message_answered_at_idx', ['answeredAt'], { where: `"message" IS NOT NULL` })
export class LeaderInvitationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @OneToOne(() => FollowUpEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'follow_up_id' })
  followUp?: Relation<FollowUpEntity>;

  @Column({ name: 'follow_up_id', type: 'uuid', unique: true })
  followUpId!: string;

  @ManyToOne(() => CallEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'call_id' })
  call?: Relation<CallEntity>;

  @Column({ name: 'call_id', type: 'uuid' })
  callId!: string;

  @Column({ name: 'token_hash', type: 'char', length: 64, unique: true })
  tokenHash!: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  answer!: LeaderInvitationAnswer | null;

  @Column({ name: 'suggested_time', type: 'timestamptz', nullable: true })
  suggestedTime!: Date | null;

  @Column({ type: 'text', nullable: true })
  message!: string | null;

  /** When the retention job blanked the message. */
  @Column({ name: 'message_purged_at', type: 'timestamptz', nullable: true })
  messagePurgedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
