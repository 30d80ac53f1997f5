import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Outcome } from '@fc/contracts';
import { CallAction } from '@fc/domain';
import { JourneyTransaction } from '@fc/journey';

import type { DataSource, EntityManager } from 'typeorm';
import { TestEnvironment } from './support/test-environment.js';

/**
 * A finished call's metrics contributions are recounted in the transaction that finishes or
 * changes it (decision 0022): deleted and written again. A call that only now finished has none
 * stored, since a finished call never goes back, so nothing is deleted first (decision 0051).
 */
describe("a journey transaction's recount of contributions", () => {
  let env: TestEnvironment;
  let dataSource: DataSource;
  let callId: string;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    dataSource = await env.dataSource('journey-contributions-test');
    const { rows } = await env.db.query<{ id: string }>(
      `INSERT INTO calls (external_id, state, topic_id, language, arrived_at, queued_at, waiting_since, answered_at, ended_at, agent_id)
       SELECT 'recount-1', 'wrap_up', t.id, 'nb', now() - interval '5 minutes', now() - interval '5 minutes', now() - interval '5 minutes',
              now() - interval '4 minutes', now() - interval '1 minute', (SELECT id FROM agents ORDER BY id LIMIT 1)
         FROM topics t ORDER BY t.key LIMIT 1 RETURNING id`,
    );
    callId = rows[0]!.id;
  });
  afterAll(() => env?.close());

  /** Runs `work` in a journey transaction, with every statement it sends. */
  const recorded = async (work: (tx: JourneyTransaction) => Promise<void>): Promise<string[]> => {
    const sent: string[] = [];
    await dataSource.transaction(async (manager) => {
      const recording = new Proxy(manager, {
        get: (target, property, receiver) =>
          property === 'query' ? (sql: string, parameters?: unknown[]) => (sent.push(sql), target.query(sql, parameters)) : Reflect.get(target, property, receiver),
      }) as EntityManager;
      const tx = new JourneyTransaction(recording);
      await work(tx);
      await tx.writeContributions();
      await tx.flush();
    });
    return sent;
  };
  const stored = async () => (await env.db.query<{ n: number }>('SELECT count(*)::int AS n FROM call_contributions WHERE call_id = $1', [callId])).rows[0]!.n;
  const centreOffered = async () => (await env.db.query<{ n: number }>('SELECT COALESCE(sum(offered), 0)::int AS n FROM call_tallies_centre')).rows[0]!.n;

  it('writes the contributions of a call that has just finished without deleting any first', async () => {
    const sent = await recorded(async (tx) => {
      const call = (await tx.lockCall(callId))!;
      await tx.apply(call, CallAction.TimeOutWrapUp, { patch: { outcome: Outcome.NotRecorded, completedAt: new Date() }, data: { outcome: Outcome.NotRecorded } });
    });
    expect(sent.filter((sql) => /DELETE FROM call_contributions/.test(sql))).toEqual([]);
    expect(sent.filter((sql) => /INSERT INTO call_contributions/.test(sql))).toHaveLength(1);
    expect(await stored()).toBeGreaterThan(0);
    expect(await centreOffered()).toBe(1);
  });

  it('replaces the contributions of a call finished before: deleted, then written again, counted once', async () => {
    const before = await stored();
    const sent = await recorded(async (tx) => {
      const call = (await tx.lockCall(callId))!;
      await tx.apply(call, CallAction.RecordLateOutcome, { patch: { outcome: Outcome.Resolved }, data: { outcome: Outcome.Resolved, late: true } });
    });
    expect(sent.filter((sql) => /DELETE FROM call_contributions/.test(sql))).toHaveLength(1);
    expect(await stored()).toBe(before);
    expect(await centreOffered()).toBe(1);
  });
});
