import type { Role } from '@fc/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A person who signs in to the console. Passwords are stored as argon2id hashes only. */
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  username!: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: Role;

  @Column({ name: 'display_name', type: 'varchar', length: 120 })
  displayName!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /**
   * Moved on by a password reset, a role change or a deactivation: an access token carries the
   * generation it was issued in and is honoured only while it is still the user's.
   */
  @Column({ name: 'token_generation', type: 'integer', default: 0 })
  tokenGeneration!: number;

  /** When {@link tokenGeneration} last moved: tokens issued before this no longer count. Null if it never did. */
  @Column({ name: 'tokens_valid_from', type: 'timestamptz', nullable: true })
  tokensValidFrom!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
