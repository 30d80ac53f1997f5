import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { CallEntity } from './call.entity.js';

/**
 * Text messages to citizens, as the default SMS gateway "sends" them: written here for the console
 * to show. Number and body are personal data; the retention job blanks them.
 */
@Entity({ name: 'sms_outbox' })
@Index('sms_outbox_created_at_idx', ['createdAt'])
// The retention purge's way to the messages past their period, without walking the purged ones.
@Index('sms_outbox_unpurged_created_at_idx', ['createdAt'], { where: `"purged_at" IS NULL` })
export class SmsMessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne(() => CallEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'call_id' })
  call?: Relation<CallEntity> | null;

  @Column({ name: 'call_id', type: 'uuid', nullable: true })
  callId!: string | null;

  /** What the message is for, e.g. `feedback_invitation`. */
  @Column({ type: 'varchar', length: 32 })
  purpose!: string;

  @Column({ name: 'to_e164', type: 'varchar', length: 20, nullable: true })
  toE164!: string | null;

  @Column({ type: 'text', nullable: true })
  body!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'purged_at', type: 'timestamptz', nullable: true })
  purgedAt!: Date | null;
}
