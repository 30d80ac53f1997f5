import { TALLY_COLUMNS } from '@fc/persistence';
import type pg from 'pg';

/**
 * The metrics rollups as their readers see them: each bucket (and topic or agent) summed over its
 * shards (decision 0049), in key order; the three tables topic, agent, centre. Rows that sum to
 * nothing are left out: a call counted and taken out again (a recount) may leave one at zero.
 */
export async function rollupSums(db: pg.Pool): Promise<Record<string, unknown>[][]> {
  const sums = Object.values(TALLY_COLUMNS)
    .map((c) => `sum(${c})::float8 AS ${c}`)
    .join(', ');
  const read = async (table: string, keys: string[]) =>
    (await db.query(`SELECT ${keys.join(', ')}, ${sums} FROM ${table} GROUP BY ${keys.join(', ')} ORDER BY ${keys.join(', ')}`)).rows.filter((row: Record<string, unknown>) =>
      Object.values(TALLY_COLUMNS).some((c) => row[c] !== 0),
    );
  return [await read('call_tallies_topic', ['bucket', 'topic_id']), await read('call_tallies_agent', ['bucket', 'agent_id']), await read('call_tallies_centre', ['bucket'])];
}
