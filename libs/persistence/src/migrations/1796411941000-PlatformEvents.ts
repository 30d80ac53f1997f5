import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Platform events (DESIGN §11, docs/decisions/0032-platform-events.md) and agents' endpoints.
 *
 * An event's `position` is given at commit by a deferred trigger that first takes one advisory
 * lock: transactions take their positions one at a time, and a transaction's events are visible
 * before the next one can take any. So positions follow commit order, and a reader that has seen
 * position p will never later find a committed event below p: the replay feed's cursor is safe.
 */
export class PlatformEvents1796411941000 implements MigrationInterface {
  name = 'PlatformEvents1796411941000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "platform_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "call_id" uuid NOT NULL, "external_id" character varying(128) NOT NULL, "seq" integer NOT NULL, "type" character varying(32) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "data" jsonb NOT NULL, "position" bigint, "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a3d9dca88450e28327df69903e0" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "platform_events_at" ON "platform_events" ("at")');
    await queryRunner.query('CREATE INDEX "platform_events_undelivered" ON "platform_events" ("call_id", "seq") WHERE "delivered_at" IS NULL');
    await queryRunner.query('CREATE UNIQUE INDEX "platform_events_position" ON "platform_events" ("position") WHERE "position" IS NOT NULL');
    await queryRunner.query('CREATE UNIQUE INDEX "platform_events_call_seq" ON "platform_events" ("call_id", "seq")');
    await queryRunner.query('ALTER TABLE "agents" ADD "endpoint" character varying(255)');
    await queryRunner.query(
      'ALTER TABLE "platform_events" ADD CONSTRAINT "FK_7d4d485de261b9cefc2ff04ec23" FOREIGN KEY ("call_id") REFERENCES "calls"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query('CREATE SEQUENCE "platform_events_position_seq"');
    await queryRunner.query(`
      CREATE FUNCTION platform_events_take_position() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Held until this transaction has committed: the next one takes its positions after.
        PERFORM pg_advisory_xact_lock(hashtext('platform_events_position'));
        UPDATE platform_events SET position = nextval('platform_events_position_seq') WHERE id = NEW.id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER platform_events_take_position AFTER INSERT ON platform_events
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION platform_events_take_position()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER platform_events_take_position ON platform_events');
    await queryRunner.query('DROP FUNCTION platform_events_take_position()');
    await queryRunner.query('DROP SEQUENCE "platform_events_position_seq"');
    await queryRunner.query('ALTER TABLE "platform_events" DROP CONSTRAINT "FK_7d4d485de261b9cefc2ff04ec23"');
    await queryRunner.query('ALTER TABLE "agents" DROP COLUMN "endpoint"');
    await queryRunner.query('DROP INDEX "public"."platform_events_call_seq"');
    await queryRunner.query('DROP INDEX "public"."platform_events_position"');
    await queryRunner.query('DROP INDEX "public"."platform_events_undelivered"');
    await queryRunner.query('DROP INDEX "public"."platform_events_at"');
    await queryRunner.query('DROP TABLE "platform_events"');
  }
}
