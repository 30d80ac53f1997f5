import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CallbacksAreCalls1796421482858 implements MigrationInterface {
  name = 'CallbacksAreCalls1796421482858';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"calls\" ADD \"dial_attempts\" integer NOT NULL DEFAULT '0'");
    await queryRunner.query("ALTER TABLE \"calls\" ADD \"dialled_at\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"calls\" ADD \"callback_due_at\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"follow_ups\" ADD \"callback_call_id\" uuid");
    await queryRunner.query("CREATE INDEX \"calls_callback_due_idx\" ON \"calls\"  (\"callback_due_at\") WHERE \"state\" = 'scheduled'");
    await queryRunner.query("ALTER TABLE \"follow_ups\" ADD CONSTRAINT \"FK_027e35f9ce9a3e356ed105b89e1\" FOREIGN KEY (\"callback_call_id\") REFERENCES \"calls\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    // Partial indexes whose conditions name the new states: TypeORM does not see a changed WHERE, so by hand.
    await queryRunner.query('DROP INDEX "public"."calls_one_active_call_per_agent"');
    await queryRunner.query(`CREATE UNIQUE INDEX "calls_one_active_call_per_agent" ON "calls" ("agent_id") WHERE "state" IN ('offered', 'dialling', 'connected', 'wrap_up')`);
    await queryRunner.query('DROP INDEX "public"."calls_live_queued_at_idx"');
    await queryRunner.query(`CREATE INDEX "calls_live_queued_at_idx" ON "calls" ("queued_at") WHERE "state" IN ('arrived', 'queued', 'offered', 'dialling', 'scheduled', 'connected', 'wrap_up')`);
    // A callback call that completes finds its follow-up by it.
    await queryRunner.query('CREATE INDEX "follow_ups_callback_call_idx" ON "follow_ups" ("callback_call_id") WHERE "callback_call_id" IS NOT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."follow_ups_callback_call_idx"');
    await queryRunner.query('DROP INDEX "public"."calls_live_queued_at_idx"');
    await queryRunner.query(`CREATE INDEX "calls_live_queued_at_idx" ON "calls" ("queued_at") WHERE "state" IN ('arrived', 'queued', 'offered', 'connected', 'wrap_up')`);
    await queryRunner.query('DROP INDEX "public"."calls_one_active_call_per_agent"');
    await queryRunner.query(`CREATE UNIQUE INDEX "calls_one_active_call_per_agent" ON "calls" ("agent_id") WHERE "state" IN ('offered', 'connected', 'wrap_up')`);
    await queryRunner.query("ALTER TABLE \"follow_ups\" DROP CONSTRAINT \"FK_027e35f9ce9a3e356ed105b89e1\"");
    await queryRunner.query("DROP INDEX \"public\".\"calls_callback_due_idx\"");
    await queryRunner.query("ALTER TABLE \"follow_ups\" DROP COLUMN \"callback_call_id\"");
    await queryRunner.query("ALTER TABLE \"calls\" DROP COLUMN \"callback_due_at\"");
    await queryRunner.query("ALTER TABLE \"calls\" DROP COLUMN \"dialled_at\"");
    await queryRunner.query("ALTER TABLE \"calls\" DROP COLUMN \"dial_attempts\"");
  }
}
