import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, OneToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { CallEntity } from './call.entity.js';

/** A citizen's post-call feedback, reached through a single-use link whose token is stored hashed only. */
@Entity({ name: 'feedback' })
// The retention purge's way to the comments past their period; a blanked comment leaves the index.
@Index('feedback_comment_used_at_idx', ['usedAt'], { where: `"comment" IS NOT NULL` })
@Check('feedback_score_range', '"score" IS NULL OR "score" BETWEEN 1 AND 5')
export class FeedbackEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @OneToOne(() => CallEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'call_id' })
  call?: Relation<CallEntity>;

  @Column({ name: 'call_id', type: 'uuid', unique: true })
  callId!: string;

  @Column({ name: 'token_hash', type: 'char', length: 64, unique: true })
  tokenHash!: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  @Column({ type: 'smallint', nullable: true })
  score!: number | null;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  /** When the retention job blanked the comment. */
  @Column({ name: 'comment_purged_at', type: 'timestamptz', nullable: true })
  commentPurgedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
