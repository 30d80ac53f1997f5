import { Column, CreateDateColumn, Entity, Index, JoinColumn, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import { CallEntity } from './call.entity.js';

/**
 * The raw number of a caller, kept apart from the call so that reading a call never reads it.
 * Needed only to call back or send a feedback link; the retention job purges it.
 */
@Entity({ name: 'caller_numbers' })
@Index('caller_numbers_created_at_idx', ['createdAt'])
export class CallerNumberEntity {
  @PrimaryColumn({ name: 'call_id', type: 'uuid' })
  callId!: string;

  @OneToOne(() => CallEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'call_id' })
  call?: Relation<CallEntity>;

  @Column({ name: 'phone_e164', type: 'varchar', length: 20 })
  phoneE164!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
