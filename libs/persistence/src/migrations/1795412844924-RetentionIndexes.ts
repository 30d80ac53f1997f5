import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The retention purge's indexes (docs/decisions/0016-retention.md): each batch finds the oldest rows
 * still holding personal data without scanning the table, and a purged row leaves the partial ones.
 */
export class RetentionIndexes1795412844924 implements MigrationInterface {
  name = 'RetentionIndexes1795412844924';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX \"calls_note_completed_at_idx\" ON \"calls\"  (\"completed_at\") WHERE \"note\" IS NOT NULL");
    await queryRunner.query("CREATE INDEX \"caller_numbers_created_at_idx\" ON \"caller_numbers\"  (\"created_at\") ");
    await queryRunner.query("CREATE INDEX \"feedback_comment_used_at_idx\" ON \"feedback\"  (\"used_at\") WHERE \"comment\" IS NOT NULL");
    await queryRunner.query("CREATE INDEX \"sms_outbox_unpurged_created_at_idx\" ON \"sms_outbox\"  (\"created_at\") WHERE \"purged_at\" IS NULL");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"sms_outbox_unpurged_created_at_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"feedback_comment_used_at_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"caller_numbers_created_at_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"calls_note_completed_at_idx\"");
  }
}
