import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions that end (docs/decisions/0026-sessions-end-and-login-throttling.md): each user's token
 * generation, carried in every access token and moved on by a password reset, a role change or a
 * deactivation, and when it last moved.
 */
export class SessionGenerations1796304502091 implements MigrationInterface {
  name = 'SessionGenerations1796304502091';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "users" ADD "token_generation" integer NOT NULL DEFAULT 0');
    await queryRunner.query('ALTER TABLE "users" ADD "tokens_valid_from" TIMESTAMP WITH TIME ZONE');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "users" DROP COLUMN "tokens_valid_from"');
    await queryRunner.query('ALTER TABLE "users" DROP COLUMN "token_generation"');
  }
}
