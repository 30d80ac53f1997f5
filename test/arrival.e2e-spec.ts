import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ROUTING_LEADER_LOCK, databaseWrites } from '@fc/persistence';
import type pg from 'pg';
import type { ApiClient } from './support/api-client.js';
import { TestEnvironment } from './support/test-environment.js';

/**
 * A call's arrival: what it costs the database in round trips, and the repeat contact it finds
 * in the same statement that inserts it (DESIGN §7; docs/decisions/0067).
 */
describe('a call arrives', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let supervisor: string;
  /** Holds the routing lease all along: this file's api never leads, so no round shares its writes to the database. */
  let leaseHolder: pg.PoolClient;
  let sequence = 0;

  beforeAll(async () => {
    // Nothing else of this process writes while an arrival is counted: its routing sweeps and
    // supervisors' figures come only after a minute and five.
    env = await TestEnvironment.create({ METRICS_TICK_SEC: '300', ROUTING_TICK_MS: '60000' });
    leaseHolder = await env.db.connect();
    await leaseHolder.query('SELECT pg_advisory_lock($1)', [ROUTING_LEADER_LOCK]);
    ({ api } = await env.startApi());
    supervisor = (await api.login('super01')).accessToken;
  });
  afterAll(async () => {
    leaseHolder?.release();
    await env?.close();
  });

  const arrive = async (topicKey: string, callerNumber: string): Promise<string> => {
    const response = await api.telephony('/calls', { externalId: `arrival-${Date.now()}-${++sequence}`, topicKey, language: 'nb', callerNumber });
    expect(response.status).toBe(201);
    return response.body.callId;
  };
  const repeatOf = async (callId: string) => (await api.getCall(supervisor, callId)).body.repeatOfCallId ?? null;

  it('is inserted, queued and placed in three round trips, the caller number and the repeat check among them', async () => {
    // The first arrival also reads the topics' handle times, which the next ones share for a while.
    await arrive('passport', '+4791000000');
    const before = databaseWrites();
    const callId = await arrive('passport', '+4791000001');
    // BEGIN with the insert (and the caller's earlier calls); the number and the queueing with the
    // queue place's read; the COMMIT with the platform's `call.queued`.
    expect(databaseWrites() - before).toBe(3);
    const { rows } = await env.db.query(
      `SELECT c.state, (SELECT count(*)::int FROM caller_numbers n WHERE n.call_id = c.id) AS numbers, (SELECT count(*)::int FROM platform_events p WHERE p.call_id = c.id AND p.type = 'call.queued') AS queued
         FROM calls c WHERE c.id = $1`,
      [callId],
    );
    expect(rows).toEqual([{ state: 'queued', numbers: 1, queued: 1 }]);
  });

  it('links a call to the caller’s last call about the same topic, not to one about another topic', async () => {
    const first = await arrive('passport', '+4791000002');
    const other = await arrive('firearms', '+4791000002');
    const again = await arrive('passport', '+4791000002');
    expect(await repeatOf(first)).toBeNull();
    expect(await repeatOf(other)).toBeNull();
    expect(await repeatOf(again)).toBe(first);
    const { rows } = await env.db.query<{ at: Date | null }>('SELECT repeat_contact_at AS at FROM calls WHERE id = $1', [first]);
    expect(rows[0]!.at).not.toBeNull();
  });

  it('takes a call back within 15 minutes of the last one’s transfer for a dropped transfer, not a repeat', async () => {
    /** The journey's record of a transfer `minutesAgo`: what repeat detection reads of the earlier call (call events are only ever appended). */
    const transferred = (callId: string, minutesAgo: number) =>
      env.db.query(`INSERT INTO call_events (call_id, seq, type, at, data) SELECT $1, max(seq) + 1, 'transferred', now() - make_interval(mins => $2), '{}' FROM call_events WHERE call_id = $1`, [
        callId,
        minutesAgo,
      ]);
    const dropped = await arrive('firearms', '+4791000003');
    await transferred(dropped, 5);
    expect(await repeatOf(await arrive('firearms', '+4791000003'))).toBeNull();

    const transferredLongAgo = await arrive('firearms', '+4791000004');
    await transferred(transferredLongAgo, 16);
    expect(await repeatOf(await arrive('firearms', '+4791000004'))).toBe(transferredLongAgo);
  });
});
