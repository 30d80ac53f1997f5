import type { CallState, Outcome } from '@fc/contracts';
import { attributeCall, type CallTally, type TimelineEvent } from '@fc/domain';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Metrics per queue visit (docs/decisions/0022-attribution-per-queue-visit.md). Each finished call's
 * contributions — the centre's, one per queue visit (topics), one per agent's leg (agents) — are
 * stored in `call_contributions`, written by the journey in the transaction that finishes (or later
 * changes) a call; the rollups are kept from that table by a trigger instead of from `calls`.
 *
 * This migration's SQL and column list are its own, frozen as they are here: later code may change
 * the table, and this file must still migrate a database that was at the step before it. The
 * contributions of the calls already in the database are computed by libs/domain's `attributeCall`,
 * the one definition the running system uses.
 */

/** `CallTally` fields and their columns, as of this migration. */
const TALLY: readonly (readonly [Exclude<keyof CallTally, 'provisional'>, string])[] = [
  ['offered', 'offered'],
  ['transferredIn', 'transferred_in'],
  ['answered', 'answered'],
  ['answeredFromQueue', 'answered_from_queue'],
  ['answeredWithinTarget', 'answered_within_target'],
  ['abandoned', 'abandoned'],
  ['shortAbandons', 'short_abandons'],
  ['handled', 'handled'],
  ['transferred', 'transferred'],
  ['runaround', 'runaround'],
  ['withOutcome', 'with_outcome'],
  ['notRecorded', 'not_recorded'],
  ['resolved', 'resolved'],
  ['resolvedFirstLine', 'resolved_first_line'],
  ['withOutcomeKnownCaller', 'with_outcome_known_caller'],
  ['resolvedNoRepeat', 'resolved_no_repeat'],
  ['answerWaitSec', 'answer_wait_sec'],
  ['handleSec', 'handle_sec'],
];
const SUMS = new Set(['answer_wait_sec', 'handle_sec']);
const COLUMNS = TALLY.map(([, column]) => column);
const NEW_ROLLUP_COLUMNS = ['transferred_in', 'answered_from_queue'];
const TERMINAL = `('completed', 'abandoned', 'callback_requested')`;
const EPOCH = `TIMESTAMPTZ '2000-01-01 00:00:00+00'`;
const columnType = (column: string) => (SUMS.has(column) ? 'double precision' : 'integer');
/** The rollups: table, bucket width, key column (none for the centre) and the contributions they sum. */
const ROLLUPS = [
  { table: 'call_tallies_topic', width: '15 minutes', key: 'topic_id', kind: 'topic' },
  { table: 'call_tallies_agent', width: '1 hour', key: 'agent_id', kind: 'agent' },
  { table: 'call_tallies_centre', width: '15 minutes', key: null, kind: 'call' },
] as const;
const BATCH = 5000;

/** A finished call as the migration reads it: its row and its journey. */
interface StoredCall {
  id: string;
  state: CallState;
  arrived_at: Date;
  queued_at: Date | null;
  answered_at: Date | null;
  ended_at: Date | null;
  completed_at: Date | null;
  transfer_count: number;
  outcome: Outcome | null;
  has_caller_key: boolean;
  repeat_contact_at: Date | null;
  topic_id: string;
  events: (Omit<TimelineEvent, 'at'> & { at: string })[] | null;
}

/** Sums `source`'s contributions of one kind into a rollup, times `sign`, adding to the rows already there. */
const rollUp = (rollup: (typeof ROLLUPS)[number], source: string, sign: string, upsert: boolean) => {
  const keys = ['bucket', ...(rollup.key ? [rollup.key] : [])];
  const grouped = rollup.key ? 'GROUP BY 1, 2 ORDER BY 1, 2' : 'GROUP BY 1 ORDER BY 1';
  return `INSERT INTO ${rollup.table} AS r (${keys.join(', ')}, ${COLUMNS.join(', ')})
    SELECT date_bin('${rollup.width}', s.counted_at, ${EPOCH})${rollup.key ? ', s.entity_id' : ''}, ${COLUMNS.map((c) => `${sign} * sum(s.${c})`).join(', ')}
      FROM ${source} s WHERE s.kind = '${rollup.kind}' ${grouped}
    ${upsert ? `ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${COLUMNS.map((c) => `${c} = r.${c} + EXCLUDED.${c}`).join(', ')}` : ''};`;
};

export class CallContributions1796292084468 implements MigrationInterface {
  name = 'CallContributions1796292084468';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The rollups are no longer kept from calls: the trigger, its functions and call_tally() go.
    await queryRunner.query('DROP TRIGGER calls_track_tallies ON "calls"');
    await queryRunner.query('DROP FUNCTION call_tallies_track()');
    await queryRunner.query('DROP FUNCTION call_tallies_add(calls, integer)');
    await queryRunner.query('DROP FUNCTION call_tallies_rebuild()');
    await queryRunner.query('DROP FUNCTION call_tally(calls, integer)');
    await queryRunner.query('DROP INDEX "public"."calls_resolved_no_repeat_idx"');

    await queryRunner.query(`CREATE TABLE call_contributions (
      call_id uuid NOT NULL,
      kind varchar(8) NOT NULL,
      ordinal smallint NOT NULL,
      entity_id uuid,
      counted_at timestamptz NOT NULL,
      call_arrived_at timestamptz NOT NULL,
      ${COLUMNS.map((c) => `${c} ${columnType(c)} NOT NULL`).join(',\n      ')},
      CONSTRAINT call_contributions_kind CHECK (kind IN ('call', 'topic', 'agent')),
      CONSTRAINT call_contributions_entity CHECK ((kind = 'call') = (entity_id IS NULL)))`);

    for (const table of ['call_tallies_topic', 'call_tallies_agent']) {
      for (const column of NEW_ROLLUP_COLUMNS) await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN ${column} integer NOT NULL DEFAULT 0`);
    }
    await queryRunner.query(`CREATE TABLE call_tallies_centre (
      bucket timestamptz NOT NULL PRIMARY KEY,
      ${COLUMNS.map((c) => `${c} ${columnType(c)} NOT NULL DEFAULT 0`).join(',\n      ')})`);

    await this.attributeExistingCalls(queryRunner);
    // Keys and indexes after the load: built once, not row by row (minutes on a year of a national line).
    await queryRunner.query('ALTER TABLE call_contributions ADD CONSTRAINT call_contributions_pkey PRIMARY KEY (call_id, kind, ordinal)');
    await queryRunner.query('ALTER TABLE call_contributions ADD CONSTRAINT call_contributions_call_fk FOREIGN KEY (call_id) REFERENCES calls (id) ON DELETE CASCADE');
    // The metrics' ragged edges (and agent rows by 15 minutes) read a kind over a time range.
    await queryRunner.query('CREATE INDEX call_contributions_counted_at_idx ON call_contributions (kind, counted_at)');
    // The provisional count reads only these, without touching the table (index-only).
    await queryRunner.query(`CREATE INDEX call_contributions_resolved_no_repeat_idx ON call_contributions (kind, counted_at) INCLUDE (call_arrived_at, entity_id)
      WHERE resolved_no_repeat = 1`);

    // After a bulk load (the history generator) or to check the trigger: recount the rollups from the contributions.
    await queryRunner.query(`CREATE FUNCTION call_tallies_rebuild() RETURNS void LANGUAGE sql AS $$
      TRUNCATE call_tallies_topic, call_tallies_agent, call_tallies_centre;
      ${ROLLUPS.map((r) => rollUp(r, 'call_contributions', '1', false)).join('\n      ')}
    $$`);
    await queryRunner.query('SELECT call_tallies_rebuild()');

    // One statement's contributions at a time (the journey writes a transaction's in one INSERT):
    // summed per bucket and entity, in a fixed order so concurrent writers queue rather than deadlock.
    await queryRunner.query(`CREATE FUNCTION call_contributions_roll_up() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE sign integer := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM changed) THEN RETURN NULL; END IF;
        ${ROLLUPS.map((r) => rollUp(r, 'changed', 'sign', true)).join('\n        ')}
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      'CREATE TRIGGER call_contributions_added AFTER INSERT ON call_contributions REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION call_contributions_roll_up()',
    );
    await queryRunner.query(
      'CREATE TRIGGER call_contributions_removed AFTER DELETE ON call_contributions REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION call_contributions_roll_up()',
    );
    // Contributions are replaced (delete and insert), never edited: an UPDATE would pass the rollups by.
    await queryRunner.query(`CREATE FUNCTION call_contributions_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'call_contributions are replaced, not updated' USING ERRCODE = 'restrict_violation';
      END $$`);
    await queryRunner.query('CREATE TRIGGER call_contributions_no_update BEFORE UPDATE ON call_contributions FOR EACH ROW EXECUTE FUNCTION call_contributions_refuse_update()');
  }

  /**
   * Every finished call's contributions, in batches of calls by id: one query for the calls with
   * their journeys, one INSERT. One query at a time: the migration has one connection, and pg
   * refuses (from version 9) a query sent while another is running on it.
   */
  private async attributeExistingCalls(queryRunner: QueryRunner): Promise<void> {
    const topics: { id: string; key: string; threshold: number }[] = await queryRunner.query('SELECT id, key, service_level_threshold_sec AS threshold FROM topics');
    const catalog = { idByKey: new Map(topics.map((t) => [t.key, t.id])), thresholdSecById: new Map(topics.map((t) => [t.id, t.threshold])) };
    const now = new Date();
    const read = (after: string): Promise<StoredCall[]> =>
      queryRunner.query(
        `SELECT c.id, c.state, c.arrived_at, c.queued_at, c.answered_at, c.ended_at, c.completed_at, c.transfer_count, c.outcome,
                c.caller_key IS NOT NULL AS has_caller_key, c.repeat_contact_at, c.topic_id,
                (SELECT json_agg(json_build_object('seq', e.seq, 'type', e.type, 'at', e.at, 'agentId', e.agent_id, 'data', e.data) ORDER BY e.seq)
                   FROM call_events e WHERE e.call_id = c.id) AS events
           FROM calls c WHERE c.id > $1 AND c.state IN ${TERMINAL} AND c.queued_at IS NOT NULL ORDER BY c.id LIMIT ${BATCH}`,
        [after],
      );
    for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
      const calls = await read(after);
      if (calls.length === 0) break;
      after = calls.at(-1)!.id;
      const records: Record<string, unknown>[] = [];
      for (const c of calls) {
        const events: TimelineEvent[] = (c.events ?? []).map((e) => ({ ...e, at: new Date(e.at), data: e.data ?? {} }));
        const attribution = attributeCall(
          {
            state: c.state,
            arrivedAt: c.arrived_at,
            queuedAt: c.queued_at,
            answeredAt: c.answered_at,
            endedAt: c.ended_at,
            completedAt: c.completed_at,
            transferCount: c.transfer_count,
            outcome: c.outcome,
            hasCallerKey: c.has_caller_key,
            repeatContactAt: c.repeat_contact_at,
            topicId: c.topic_id,
          },
          events,
          catalog,
          now,
        );
        const record = (kind: string, ordinal: number, entityId: string | null, countedAt: Date, tally: CallTally) => {
          const row: Record<string, unknown> = { call_id: c.id, kind, ordinal, entity_id: entityId, counted_at: countedAt.toISOString(), call_arrived_at: c.arrived_at.toISOString() };
          for (const [field, column] of TALLY) row[column] = tally[field];
          records.push(row);
        };
        if (attribution.call) record('call', 0, null, attribution.call.countedAt, attribution.call.tally);
        attribution.visits.forEach((v, i) => record('topic', i, v.entityId, v.countedAt, v.tally));
        attribution.legs.forEach((l, i) => record('agent', i, l.entityId, l.countedAt, l.tally));
      }
      await queryRunner.query(
        `INSERT INTO call_contributions (call_id, kind, ordinal, entity_id, counted_at, call_arrived_at, ${COLUMNS.join(', ')})
         SELECT * FROM json_to_recordset($1::json) AS r(call_id uuid, kind text, ordinal integer, entity_id uuid, counted_at timestamptz, call_arrived_at timestamptz,
                ${COLUMNS.map((c) => `${c} ${columnType(c)}`).join(', ')})`,
        [JSON.stringify(records)],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER call_contributions_no_update ON call_contributions');
    await queryRunner.query('DROP FUNCTION call_contributions_refuse_update()');
    await queryRunner.query('DROP TRIGGER call_contributions_removed ON call_contributions');
    await queryRunner.query('DROP TRIGGER call_contributions_added ON call_contributions');
    await queryRunner.query('DROP FUNCTION call_contributions_roll_up()');
    await queryRunner.query('DROP FUNCTION call_tallies_rebuild()');
    await queryRunner.query('DROP TABLE call_tallies_centre');
    for (const table of ['call_tallies_topic', 'call_tallies_agent']) {
      for (const column of NEW_ROLLUP_COLUMNS) await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN ${column}`);
    }
    await queryRunner.query('DROP TABLE call_contributions');
    await restoreCallTallies(queryRunner);
  }
}

/** As migration CallTallies left them: the rollups kept from `calls` by a trigger, each call wholly under its last topic and agent. */
async function restoreCallTallies(queryRunner: QueryRunner): Promise<void> {
  const counts = ['offered', 'answered', 'answered_within_target', 'abandoned', 'short_abandons', 'handled', 'transferred', 'runaround', 'with_outcome', 'not_recorded', 'resolved', 'resolved_first_line', 'with_outcome_known_caller', 'resolved_no_repeat'];
  const columns = [...counts, 'answer_wait_sec', 'handle_sec'];
  const upsert = (name: string, bucket: string, key: string, keyValue: string) => `
    INSERT INTO ${name} AS r (bucket, ${key}, ${columns.join(', ')})
    SELECT ${bucket}, ${keyValue}, ${columns.map((c) => `sign * x.${c}`).join(', ')} FROM call_tally(c, threshold) x
    ON CONFLICT (bucket, ${key}) DO UPDATE SET ${columns.map((c) => `${c} = r.${c} + EXCLUDED.${c}`).join(', ')};`;
  const rebuild = (name: string, bucket: string, key: string, where: string) => `
  INSERT INTO ${name} (bucket, ${key}, ${columns.join(', ')})
  SELECT ${bucket}, c.${key}, ${columns.map((col) => `sum(x.${col})`).join(', ')}
    FROM calls c JOIN topics t ON t.id = c.topic_id CROSS JOIN LATERAL call_tally(c, t.service_level_threshold_sec) x
   WHERE c.state IN ${TERMINAL} AND c.queued_at IS NOT NULL ${where}
   GROUP BY 1, 2;`;
  await queryRunner.query(`CREATE INDEX calls_resolved_no_repeat_idx ON calls (queued_at) INCLUDE (arrived_at, topic_id, agent_id)
      WHERE state = 'completed' AND queued_at IS NOT NULL AND answered_at IS NOT NULL AND completed_at IS NOT NULL
  AND outcome IN ('resolved', 'self_service', 'referred') AND caller_key IS NOT NULL AND repeat_contact_at IS NULL`);
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
  await queryRunner.query(`CREATE FUNCTION call_tallies_add(c calls, sign integer) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE threshold integer;
      BEGIN
        SELECT service_level_threshold_sec INTO threshold FROM topics WHERE id = c.topic_id;
        ${upsert('call_tallies_topic', `date_bin('15 minutes', c.queued_at, ${EPOCH})`, 'topic_id', 'c.topic_id')}
        IF c.agent_id IS NOT NULL THEN
          ${upsert('call_tallies_agent', `date_bin('1 hour', c.queued_at, ${EPOCH})`, 'agent_id', 'c.agent_id')}
        END IF;
      END $$`);
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
  await queryRunner.query(`CREATE FUNCTION call_tallies_rebuild() RETURNS void LANGUAGE sql AS $$
      TRUNCATE call_tallies_topic, call_tallies_agent;
      ${rebuild('call_tallies_topic', `date_bin('15 minutes', c.queued_at, ${EPOCH})`, 'topic_id', '')}
      ${rebuild('call_tallies_agent', `date_bin('1 hour', c.queued_at, ${EPOCH})`, 'agent_id', 'AND c.agent_id IS NOT NULL')}
    $$`);
  // The rollups as the old trigger would have kept them.
  await queryRunner.query('SELECT call_tallies_rebuild()');
}
