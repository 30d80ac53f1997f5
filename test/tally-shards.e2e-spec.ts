import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TALLY_COLUMNS } from '@fc/persistence';
import pg from 'pg';
import { TestEnvironment } from './support/test-environment.js';
import { databaseUrl } from './support/test-run.js';

/**
 * The centre's and topics' rollups in shards (decision 0049): finishing calls add to the rollups
 * from the trigger on `call_contributions`, and two of them at once in the same quarter hour must
 * not queue on one row. The worker's hourly upkeep folds closed buckets back into one row.
 */
describe('metrics rollups in shards', () => {
  let env: TestEnvironment;
  const columns = Object.values(TALLY_COLUMNS);
  /** One quarter hour for every call here, so no test straddles two buckets. */
  const COUNTED_AT = '2026-11-30T10:05:00Z';
  /** A finished call's centre and topic contributions, counted at {@link COUNTED_AT}: one offered call. */
  const contribute = (client: pg.Client | pg.Pool, callId: string) =>
    client.query(
      `INSERT INTO call_contributions (call_id, kind, ordinal, entity_id, counted_at, call_arrived_at, ${columns.join(', ')})
       SELECT c.id, k.kind, 0, CASE k.kind WHEN 'topic' THEN c.topic_id END, $2::timestamptz, c.arrived_at, ${columns.map((c) => (c === 'offered' ? '1' : '0')).join(', ')}
         FROM calls c CROSS JOIN (VALUES ('call'), ('topic')) AS k(kind) WHERE c.id = $1`,
      [callId, COUNTED_AT],
    );
  const finishedCall = async (n: number) =>
    (
      await env.db.query<{ id: string }>(
        `INSERT INTO calls (external_id, state, topic_id, language, arrived_at, queued_at, waiting_since, completed_at)
         SELECT 'shards-' || $1::text, 'abandoned', t.id, 'nb', now(), now(), now(), now() FROM topics t WHERE t.key = 'passport' RETURNING id`,
        [n],
      )
    ).rows[0]!.id;
  /** Per bucket (and topic): rows and offered calls, summed over the shards. */
  const rollups = async () =>
    (
      await env.db.query(
        `SELECT 'centre' AS rollup, bucket, count(*)::int AS rows, sum(offered)::int AS offered FROM call_tallies_centre GROUP BY bucket
         UNION ALL
         SELECT 'topic', bucket, count(*)::int, sum(offered)::int FROM call_tallies_topic GROUP BY bucket ORDER BY 1, 2`,
      )
    ).rows;

  beforeAll(async () => {
    env = await TestEnvironment.create();
  });
  afterAll(() => env?.close());

  it('lets two calls finishing at once in the same quarter hour add to the rollups without waiting for each other', async () => {
    const [first, second] = [await finishedCall(1), await finishedCall(2)];
    const a = new pg.Client({ connectionString: databaseUrl(env.databaseName) });
    const b = new pg.Client({ connectionString: databaseUrl(env.databaseName) });
    await a.connect();
    await b.connect();
    try {
      await a.query('BEGIN');
      const shardOfA = Number((await a.query<{ shard: string }>('SELECT txid_current() % 8 AS shard')).rows[0]!.shard);
      await contribute(a, first);
      // B in another shard than A's (the next transaction id is, unless another took it first).
      for (;;) {
        await b.query('BEGIN');
        if (Number((await b.query<{ shard: string }>('SELECT txid_current() % 8 AS shard')).rows[0]!.shard) !== shardOfA) break;
        await b.query('ROLLBACK');
      }
      // While A has not committed: B must not wait for A's rows.
      await b.query(`SET LOCAL lock_timeout = '2s'`);
      await contribute(b, second);
      await b.query('COMMIT');
      await a.query('COMMIT');
    } finally {
      await a.end();
      await b.end();
    }
    const rows = await rollups();
    expect(rows.map((r) => ({ rollup: r.rollup, rows: r.rows, offered: r.offered }))).toEqual([
      { rollup: 'centre', rows: 2, offered: 2 },
      { rollup: 'topic', rows: 2, offered: 2 },
    ]);
  });

  it('folds the shards of closed buckets into one row each, keeping the sums, and leaves open buckets as they are', async () => {
    const before = await rollups();
    const bucket = before[0]!.bucket as Date;
    // Buckets before the open one's start: none here.
    expect((await env.db.query('SELECT call_tallies_fold($1) AS folded', [bucket])).rows[0].folded).toBe(0);
    expect(await rollups()).toEqual(before);
    // Once it has closed, its shards become one row (one for the centre, one for the topic).
    expect((await env.db.query(`SELECT call_tallies_fold($1::timestamptz + interval '1 hour') AS folded`, [bucket])).rows[0].folded).toBe(2);
    expect(await rollups()).toEqual(before.map((r) => ({ ...r, rows: 1 })));
    expect((await env.db.query(`SELECT DISTINCT shard FROM call_tallies_centre UNION SELECT DISTINCT shard FROM call_tallies_topic`)).rows).toEqual([{ shard: 0 }]);
    // A later call in the same bucket (a recount, say) adds a shard row again, folded next time.
    await contribute(env.db, await finishedCall(3));
    expect((await rollups()).map((r) => r.offered)).toEqual([3, 3]);
  });
});
