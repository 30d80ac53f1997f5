import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The counts and sums one call adds to the figures: `CallTally` in libs/domain, column for column. */
const COUNTS = [
  'offered',
  'answered',
  'answered_within_target',
  'abandoned',
  'short_abandons',
  'handled',
  'transferred',
  'runaround',
  'with_outcome',
  'not_recorded',
  'resolved',
  'resolved_first_line',
  'with_outcome_known_caller',
  'resolved_no_repeat',
];
const SUMS = ['answer_wait_sec', 'handle_sec'];
const COLUMNS = [...COUNTS, ...SUMS];
const TERMINAL = `('completed', 'abandoned', 'callback_requested')`;
const EPOCH = `TIMESTAMPTZ '2000-01-01 00:00:00+00'`;
/** `call_tally().resolved_no_repeat = 1`, as a condition on the row (the metrics' provisional count). */
const RESOLVED_NO_REPEAT = `state = 'completed' AND queued_at IS NOT NULL AND answered_at IS NOT NULL AND completed_at IS NOT NULL
  AND outcome IN ('resolved', 'self_service', 'referred') AND caller_key IS NOT NULL AND repeat_contact_at IS NULL`;

const table = (name: string, key: string) => `CREATE TABLE ${name} (
  bucket timestamptz NOT NULL,
  ${key} uuid NOT NULL,
  ${COUNTS.map((c) => `${c} integer NOT NULL DEFAULT 0`).join(',\n  ')},
  ${SUMS.map((c) => `${c} double precision NOT NULL DEFAULT 0`).join(',\n  ')},
  PRIMARY KEY (bucket, ${key}))`;

/** Adds `sign` × one call's tally to a rollup row, creating the row if needed. */
const upsert = (name: string, bucket: string, key: string, keyValue: string) => `
    INSERT INTO ${name} AS r (bucket, ${key}, ${COLUMNS.join(', ')})
    SELECT ${bucket}, ${keyValue}, ${COLUMNS.map((c) => `sign * x.${c}`).join(', ')} FROM call_tally(c, threshold) x
    ON CONFLICT (bucket, ${key}) DO UPDATE SET ${COLUMNS.map((c) => `${c} = r.${c} + EXCLUDED.${c}`).join(', ')};`;

const rebuild = (name: string, bucket: string, key: string, where: string) => `
  INSERT INTO ${name} (bucket, ${key}, ${COLUMNS.join(', ')})
  SELECT ${bucket}, c.${key}, ${COLUMNS.map((col) => `sum(x.${col})`).join(', ')}
    FROM calls c JOIN topics t ON t.id = c.topic_id CROSS JOIN LATERAL call_tally(c, t.service_level_threshold_sec) x
   WHERE c.state IN ${TERMINAL} AND c.queued_at IS NOT NULL ${where}
   GROUP BY 1, 2;`;

/**
 * Rollups that keep the metrics fast at national scale (docs/decisions/0012-metrics.md): finished
 * calls' tallies per 15 minutes and topic, and per hour and agent, kept current by a trigger in the
 * transaction that finishes (or later changes) a call. `call_tally` is the one SQL statement of a
 * call's tally; the metrics queries use it for calls still in progress and for partial buckets.
 */
export class CallTallies1795405851161 implements MigrationInterface {
  name = 'CallTallies1795405851161';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX \"calls_live_queued_at_idx\" ON \"calls\"  (\"queued_at\") WHERE \"state\" IN ('arrived', 'queued', 'offered', 'connected', 'wrap_up')");
    // The provisional count reads only these, without touching the table (index-only).
    await queryRunner.query(`CREATE INDEX calls_resolved_no_repeat_idx ON calls (queued_at) INCLUDE (arrived_at, topic_id, agent_id)
      WHERE ${RESOLVED_NO_REPEAT}`);
    // Occupancy reads a day of the agents' log for every agent at once.
    await queryRunner.query('CREATE INDEX "agent_events_at_idx" ON "agent_events" ("at")');
    await queryRunner.query(`CREATE FUNCTION call_tally(c calls, threshold integer) RETURNS TABLE (
        offered integer, answered integer, answered_within_target integer, abandoned integer, short_abandons integer,
        handled integer, transferred integer, runaround integer, with_outcome integer, not_recorded integer, resolved integer,
        resolved_first_line integer, with_outcome_known_caller integer, resolved_no_repeat integer,
        answer_wait_sec double precision, handle_sec double precision)
      LANGUAGE sql IMMUTABLE AS $$
        SELECT q::int, a::int,
               (a AND c.answered_at - c.queued_at <= make_interval(secs => threshold))::int,
               ab::int,
               (ab AND c.ended_at IS NOT NULL AND c.ended_at - c.queued_at < interval '5 seconds')::int,
               h::int,
               (a AND c.transfer_count >= 1)::int,
               (a AND c.transfer_count >= 2)::int,
               o::int,
               (h AND c.outcome IS NOT DISTINCT FROM 'not_recorded')::int,
               (o AND r)::int,
               (o AND r AND c.transfer_count = 0)::int,
               (o AND c.caller_key IS NOT NULL)::int,
               (o AND r AND c.caller_key IS NOT NULL AND c.repeat_contact_at IS NULL)::int,
               CASE WHEN a THEN EXTRACT(EPOCH FROM c.answered_at - c.queued_at)::float8 ELSE 0 END,
               CASE WHEN h THEN EXTRACT(EPOCH FROM c.completed_at - c.answered_at)::float8 ELSE 0 END
          FROM (SELECT c.queued_at IS NOT NULL AS q,
                       c.queued_at IS NOT NULL AND c.answered_at IS NOT NULL AS a,
                       c.queued_at IS NOT NULL AND c.answered_at IS NULL AND c.state = 'abandoned' AS ab,
                       c.queued_at IS NOT NULL AND c.answered_at IS NOT NULL AND c.state = 'completed' AND c.completed_at IS NOT NULL AS h,
                       c.queued_at IS NOT NULL AND c.answered_at IS NOT NULL AND c.state = 'completed' AND c.completed_at IS NOT NULL
                         AND c.outcome IS NOT NULL AND c.outcome <> 'not_recorded' AS o,
                       COALESCE(c.outcome IN ('resolved', 'self_service', 'referred'), false) AS r) f
      $$`);
    await queryRunner.query(table('call_tallies_topic', 'topic_id'));
    await queryRunner.query(table('call_tallies_agent', 'agent_id'));
    await queryRunner.query(`CREATE FUNCTION call_tallies_add(c calls, sign integer) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE threshold integer;
      BEGIN
        SELECT service_level_threshold_sec INTO threshold FROM topics WHERE id = c.topic_id;
        ${upsert('call_tallies_topic', `date_bin('15 minutes', c.queued_at, ${EPOCH})`, 'topic_id', 'c.topic_id')}
        IF c.agent_id IS NOT NULL THEN
          ${upsert('call_tallies_agent', `date_bin('1 hour', c.queued_at, ${EPOCH})`, 'agent_id', 'c.agent_id')}
        END IF;
      END $$`);
    // A finished call is counted once; a later change to it (a repeat contact) is counted as the difference.
    await queryRunner.query(`CREATE FUNCTION call_tallies_track() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.state IN ${TERMINAL} AND OLD.queued_at IS NOT NULL THEN
          PERFORM call_tallies_add(OLD, -1);
        END IF;
        IF NEW.state IN ${TERMINAL} AND NEW.queued_at IS NOT NULL THEN
          PERFORM call_tallies_add(NEW, 1);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query('CREATE TRIGGER calls_track_tallies AFTER INSERT OR UPDATE ON "calls" FOR EACH ROW EXECUTE FUNCTION call_tallies_track()');
    // For bulk loads (the history generator) and after changing a topic's threshold: recount everything.
    await queryRunner.query(`CREATE FUNCTION call_tallies_rebuild() RETURNS void LANGUAGE sql AS $$
      TRUNCATE call_tallies_topic, call_tallies_agent;
      ${rebuild('call_tallies_topic', `date_bin('15 minutes', c.queued_at, ${EPOCH})`, 'topic_id', '')}
      ${rebuild('call_tallies_agent', `date_bin('1 hour', c.queued_at, ${EPOCH})`, 'agent_id', 'AND c.agent_id IS NOT NULL')}
    $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION call_tallies_rebuild()');
    await queryRunner.query('DROP TRIGGER calls_track_tallies ON "calls"');
    await queryRunner.query('DROP FUNCTION call_tallies_track()');
    await queryRunner.query('DROP FUNCTION call_tallies_add(calls, integer)');
    await queryRunner.query('DROP TABLE call_tallies_agent');
    await queryRunner.query('DROP TABLE call_tallies_topic');
    await queryRunner.query('DROP FUNCTION call_tally(calls, integer)');
    await queryRunner.query('DROP INDEX "public"."agent_events_at_idx"');
    await queryRunner.query('DROP INDEX "public"."calls_resolved_no_repeat_idx"');
    await queryRunner.query("DROP INDEX \"public\".\"calls_live_queued_at_idx\"");
  }
}
