import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The queue wait estimate's handle times (`QueuePlacesRepository`) read the calls completed in the
 * last hour, in every arrival's transaction and every routing tick; this index finds them without
 * scanning every call ever taken (docs/decisions/0036-calls-completed-at-index.md). Building it
 * blocks writes to `calls` while it runs: about a second per million calls.
 */
export class CallsCompletedAtIndex1796422416377 implements MigrationInterface {
  name = 'CallsCompletedAtIndex1796422416377';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX \"calls_completed_at_idx\" ON \"calls\"  (\"completed_at\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"calls_completed_at_idx\"");
  }
}
