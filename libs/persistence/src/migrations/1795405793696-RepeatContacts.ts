import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RepeatContacts1795405793696 implements MigrationInterface {
  name = 'RepeatContacts1795405793696';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"calls\" ADD \"repeat_contact_at\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("CREATE INDEX \"calls_queued_at_idx\" ON \"calls\"  (\"queued_at\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"calls_queued_at_idx\"");
    await queryRunner.query("ALTER TABLE \"calls\" DROP COLUMN \"repeat_contact_at\"");
  }
}
