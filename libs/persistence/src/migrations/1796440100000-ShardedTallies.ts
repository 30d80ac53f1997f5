import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The centre's and the topics' rollups are kept in shards (docs/decisions/0049). Every finished
 * call added itself to the same centre row of the quarter hour, and to its topic's: each writer
 * held that row from its INSERT into `call_contributions` to its commit, and the next waited (a
 * mean 4.6 ms per finishing call with one api process, 21.5 ms with three). Now a transaction adds
 * to one of {@link SHARDS} rows of a bucket, chosen by its transaction id, so concurrent writers
 * rarely meet. Readers sum a bucket's rows, as they sum buckets already; `call_tallies_fold` folds
 * closed buckets' shards back into shard 0 so the rollups do not grow with the shards.
 *
 * The agents' rollup is not sharded: an agent finishes one call at a time.
 *
 * This migration's SQL and column list are its own, frozen as they are here.
 */
const SHARDS = 8;
const COLUMNS = [
  'offered',
  'transferred_in',
  'answered',
  'answered_from_queue',
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
  'answer_wait_sec',
  'handle_sec',
];
const EPOCH = `TIMESTAMPTZ '2000-01-01 00:00:00+00'`;
const ROLLUPS = [
  { table: 'call_tallies_topic', width: '15 minutes', key: 'topic_id', kind: 'topic', sharded: true },
  { table: 'call_tallies_agent', width: '1 hour', key: 'agent_id', kind: 'agent', sharded: false },
  { table: 'call_tallies_centre', width: '15 minutes', key: null, kind: 'call', sharded: true },
] as const;
type Rollup = (typeof ROLLUPS)[number];

/** Adds `sign` × the statement's contributions of one kind to a rollup, in the shard `shard` names where it is sharded. */
const rollUp = (rollup: Rollup, shard: string | null) => {
  const keys = ['bucket', ...(rollup.key ? [rollup.key] : []), ...(shard ? ['shard'] : [])];
  const grouped = rollup.key ? 'GROUP BY 1, 2 ORDER BY 1, 2' : 'GROUP BY 1 ORDER BY 1';
  return `INSERT INTO ${rollup.table} AS r (${keys.join(', ')}, ${COLUMNS.join(', ')})
    SELECT date_bin('${rollup.width}', s.counted_at, ${EPOCH})${rollup.key ? ', s.entity_id' : ''}${shard ? `, ${shard}` : ''}, ${COLUMNS.map((c) => `sign * sum(s.${c})`).join(', ')}
      FROM changed s WHERE s.kind = '${rollup.kind}' ${grouped}
    ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${COLUMNS.map((c) => `${c} = r.${c} + EXCLUDED.${c}`).join(', ')};`;
};

/** Moves the shards of a rollup's buckets before `before` into shard 0, adding to what is there; counts the shard-0 rows written. */
const fold = (rollup: Rollup) => {
  const keys = ['bucket', ...(rollup.key ? [rollup.key] : [])];
  return `WITH moved AS (DELETE FROM ${rollup.table} WHERE bucket < before AND shard <> 0 RETURNING *)
    INSERT INTO ${rollup.table} AS r (${keys.join(', ')}, shard, ${COLUMNS.join(', ')})
    SELECT ${keys.join(', ')}, 0, ${COLUMNS.map((c) => `sum(${c})`).join(', ')} FROM moved GROUP BY ${keys.join(', ')} ORDER BY ${keys.join(', ')}
    ON CONFLICT (${keys.join(', ')}, shard) DO UPDATE SET ${COLUMNS.map((c) => `${c} = r.${c} + EXCLUDED.${c}`).join(', ')};
    GET DIAGNOSTICS changed_rows = ROW_COUNT;
    folded := folded + changed_rows;`;
};

export class ShardedTallies1796440100000 implements MigrationInterface {
  name = 'ShardedTallies1796440100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const rollup of ROLLUPS.filter((r) => r.sharded)) {
      await queryRunner.query(`ALTER TABLE ${rollup.table} ADD COLUMN shard smallint NOT NULL DEFAULT 0`);
      await queryRunner.query(`ALTER TABLE ${rollup.table} DROP CONSTRAINT ${rollup.table}_pkey`);
      await queryRunner.query(`ALTER TABLE ${rollup.table} ADD CONSTRAINT ${rollup.table}_pkey PRIMARY KEY (bucket, ${rollup.key ? `${rollup.key}, ` : ''}shard)`);
    }
    // One shard per transaction, for its delete and its insert alike: each statement still takes
    // its rows in a fixed order, so concurrent writers queue rather than deadlock.
    await queryRunner.query(`CREATE OR REPLACE FUNCTION call_contributions_roll_up() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        sign integer := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
        tx_shard smallint := (txid_current() % ${SHARDS})::smallint;
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM changed) THEN RETURN NULL; END IF;
        ${ROLLUPS.map((r) => rollUp(r, r.sharded ? 'tx_shard' : null)).join('\n        ')}
        RETURN NULL;
      END $$`);
    // Called by the worker's housekeeping: buckets no call is likely to change any more.
    await queryRunner.query(`CREATE FUNCTION call_tallies_fold(before timestamptz) RETURNS integer LANGUAGE plpgsql AS $$
      DECLARE
        folded integer := 0;
        changed_rows integer;
      BEGIN
        ${ROLLUPS.filter((r) => r.sharded)
          .map((r) => fold(r))
          .join('\n        ')}
        RETURN folded;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT call_tallies_fold('infinity')`);
    await queryRunner.query('DROP FUNCTION call_tallies_fold(timestamptz)');
    await queryRunner.query(`CREATE OR REPLACE FUNCTION call_contributions_roll_up() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE sign integer := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM changed) THEN RETURN NULL; END IF;
        ${ROLLUPS.map((r) => rollUp(r, null)).join('\n        ')}
        RETURN NULL;
      END $$`);
    for (const rollup of ROLLUPS.filter((r) => r.sharded)) {
      await queryRunner.query(`ALTER TABLE ${rollup.table} DROP CONSTRAINT ${rollup.table}_pkey`);
      await queryRunner.query(`ALTER TABLE ${rollup.table} DROP COLUMN shard`);
      await queryRunner.query(`ALTER TABLE ${rollup.table} ADD CONSTRAINT ${rollup.table}_pkey PRIMARY KEY (bucket${rollup.key ? `, ${rollup.key}` : ''})`);
    }
  }
}
