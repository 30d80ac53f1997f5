import type { Role } from '@fc/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Who read personal data or changed something, and when. Written by people's requests and by
 * system jobs that change data on their own (the retention purge); a system entry has no actor.
 */
@Entity({ name: 'audit_log' })
@Index('audit_log_entity_idx', ['entityType', 'entityId'])
@Index('audit_log_actor_at_idx', ['actorUserId', 'at'])
export class AuditLogEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at!: Date;

  /** No foreign key: the trail must outlive the user it names. */
  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId!: string | null;

  @Column({ name: 'actor_role', type: 'varchar', length: 16, nullable: true })
  actorRole!: Role | null;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ name: 'entity_type', type: 'varchar', length: 32 })
  entityType!: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 64, nullable: true })
  entityId!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  // jsonb; `any` because TypeORM's insert types cannot recurse into a JSON type.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data!: Record<string, any>;
}
