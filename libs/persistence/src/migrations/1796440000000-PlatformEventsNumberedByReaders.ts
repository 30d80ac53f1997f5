import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The replay feed's positions are given by its readers, in batches, no longer at each writer's
 * commit (docs/decisions/0049-routing-contention-removed.md). The deferred trigger took one global
 * lock in every transaction that wrote an event and held it through commit: every journey change
 * that told the platform something queued behind every other.
 *
 * `platform_events_number(batch)` numbers committed events that have no position yet, one caller at
 * a time (the same advisory lock, now held only by the numbering), oldest first by `at`, which the
 * writer keeps non-decreasing within a call. Everything it numbers has committed, and the next
 * numbering starts above it: a reader that has seen position p never later finds an event below p.
 * An event a webhook delivery has locked is left for the next numbering, and so are its call's
 * later events: a call's events are numbered in `seq` order.
 */
export class PlatformEventsNumberedByReaders1796440000000 implements MigrationInterface {
  name = 'PlatformEventsNumberedByReaders1796440000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER platform_events_take_position ON platform_events');
    await queryRunner.query('DROP FUNCTION platform_events_take_position()');
    // The numbering's candidates, oldest first: a top-N read of this index whatever the backlog.
    await queryRunner.query('CREATE INDEX "platform_events_unnumbered" ON "platform_events" ("at", "call_id", "seq") WHERE "position" IS NULL');
    await queryRunner.query(`
      CREATE FUNCTION platform_events_number(batch integer) RETURNS integer LANGUAGE plpgsql AS $$
      DECLARE
        first bigint;
        numbered integer;
      BEGIN
        -- One numbering at a time, held until it commits: the next one sees these positions taken.
        PERFORM pg_advisory_xact_lock(hashtext('platform_events_position'));
        first := nextval('platform_events_position_seq');
        WITH candidates AS (
               SELECT id, call_id, seq, at FROM platform_events WHERE position IS NULL ORDER BY at, call_id, seq LIMIT batch),
             free AS (
               SELECT e.id FROM platform_events e WHERE e.id IN (SELECT id FROM candidates) FOR UPDATE OF e SKIP LOCKED),
             -- A call whose event a delivery holds waits from that event on: its order is seq order.
             held AS (
               SELECT c.call_id, min(c.seq) AS seq FROM candidates c WHERE c.id NOT IN (SELECT id FROM free) GROUP BY c.call_id),
             chosen AS (
               SELECT c.id, row_number() OVER (ORDER BY c.at, c.call_id, c.seq) AS n
                 FROM candidates c JOIN free f ON f.id = c.id LEFT JOIN held h ON h.call_id = c.call_id
                WHERE h.seq IS NULL OR c.seq < h.seq)
        UPDATE platform_events e SET position = first + chosen.n - 1 FROM chosen WHERE e.id = chosen.id;
        GET DIAGNOSTICS numbered = ROW_COUNT;
        IF numbered = 0 THEN
          PERFORM setval('platform_events_position_seq', first, false);
        ELSE
          PERFORM setval('platform_events_position_seq', first + numbered - 1, true);
        END IF;
        RETURN numbered;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Number what is pending first: the trigger only numbers rows written after it.
    await queryRunner.query('SELECT platform_events_number(2147483647)');
    await queryRunner.query('DROP FUNCTION platform_events_number(integer)');
    await queryRunner.query('DROP INDEX "public"."platform_events_unnumbered"');
    await queryRunner.query(`
      CREATE FUNCTION platform_events_take_position() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('platform_events_position'));
        UPDATE platform_events SET position = nextval('platform_events_position_seq') WHERE id = NEW.id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER platform_events_take_position AFTER INSERT ON platform_events
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION platform_events_take_position()`);
  }
}
