import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RoutingEngine1795399483436 implements MigrationInterface {
  name = 'RoutingEngine1795399483436';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"agent_events\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"agent_id\" uuid NOT NULL, \"at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"state\" character varying(16) NOT NULL, \"reason\" character varying(16), \"call_id\" uuid, CONSTRAINT \"PK_94c713565641b3cfac600e14e94\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"agent_events_agent_at_idx\" ON \"agent_events\"  (\"agent_id\", \"at\") ");
    await queryRunner.query("ALTER TABLE \"agents\" ADD \"last_offered_at\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"calls\" ADD \"waiting_since\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"calls\" ADD \"escalation_step\" integer NOT NULL DEFAULT '-1'");
    await queryRunner.query("ALTER TABLE \"calls\" ADD \"callback_offered_at\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"agent_events\" ADD CONSTRAINT \"FK_cfd4c67ca0ed529f8fd7cd91bcb\" FOREIGN KEY (\"agent_id\") REFERENCES \"agents\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    // Calls already waiting keep the age they have.
    await queryRunner.query(`UPDATE "calls" SET "waiting_since" = "queued_at" WHERE "state" IN ('queued', 'offered')`);
    // The agents' log is evidence like the calls' journey: append-only.
    await queryRunner.query(`CREATE FUNCTION append_only_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
      END $$`);
    await queryRunner.query(
      'CREATE TRIGGER agent_events_append_only BEFORE UPDATE OR DELETE ON "agent_events" FOR EACH ROW EXECUTE FUNCTION append_only_refuse_change()',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER agent_events_append_only ON "agent_events"');
    await queryRunner.query('DROP FUNCTION append_only_refuse_change()');
    await queryRunner.query("ALTER TABLE \"agent_events\" DROP CONSTRAINT \"FK_cfd4c67ca0ed529f8fd7cd91bcb\"");
    await queryRunner.query("ALTER TABLE \"calls\" DROP COLUMN \"callback_offered_at\"");
    await queryRunner.query("ALTER TABLE \"calls\" DROP COLUMN \"escalation_step\"");
    await queryRunner.query("ALTER TABLE \"calls\" DROP COLUMN \"waiting_since\"");
    await queryRunner.query("ALTER TABLE \"agents\" DROP COLUMN \"last_offered_at\"");
    await queryRunner.query("DROP INDEX \"public\".\"agent_events_agent_at_idx\"");
    await queryRunner.query("DROP TABLE \"agent_events\"");
  }
}
