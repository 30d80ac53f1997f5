import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AgentState, JourneyEventType, PLATFORM_EVENT_JOB_ID_INFIX, PlatformEventType } from '@fc/contracts';
import { CallAction } from '@fc/domain';
import { JourneyTransaction } from '@fc/journey';
import { AgentEntity, CallEntity, EntityRows, dataSourceOptions } from '@fc/persistence';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { countSocketWrites } from './support/socket-writes.js';
import { TestEnvironment } from './support/test-environment.js';
import { databaseUrl } from './support/test-run.js';

/**
 * A journey transaction's riders (decision 0050): INSERTs that need nothing back, an action's audit
 * entry, sent with the transaction's next write or at its end. Each is written exactly once when
 * the transaction commits, however savepoints before and around it turn out.
 */
describe("a journey transaction's riders", () => {
  let env: TestEnvironment;
  let dataSource: DataSource;
  let callId: string;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    dataSource = await env.dataSource('journey-riders-test');
    const { rows } = await env.db.query<{ id: string }>(
      `INSERT INTO calls (external_id, state, topic_id, language, arrived_at, queued_at, waiting_since)
       SELECT 'riders-1', 'queued', id, 'nb', now(), now(), now() FROM topics ORDER BY key LIMIT 1 RETURNING id`,
    );
    callId = rows[0]!.id;
  });
  afterAll(() => env?.close());

  /** An audit entry as a rider, marked with the test that wrote it. */
  const entry = (action: string, test: string) => ({
    sql: `INSERT INTO audit_log (action, entity_type, entity_id, data) VALUES ($1, 'call', $2, $3::jsonb)`,
    values: [action, callId, JSON.stringify({ test })],
  });
  const written = async (test: string) => (await env.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE data->>'test' = $1 ORDER BY action`, [test])).rows.map((r) => r.action);
  const lockedCall = async (tx: JourneyTransaction) => (await tx.lockCall(callId))!;

  it('writes a rider with the next write of a call, in the same statement, and one left over at the end', async () => {
    await dataSource.transaction(async (manager) => {
      const tx = new JourneyTransaction(manager);
      tx.ride(entry('rides.with_call', 'next-write'));
      const call = await lockedCall(tx);
      expect(await manager.query(`SELECT count(*)::int AS n FROM audit_log WHERE data->>'test' = 'next-write'`)).toEqual([{ n: 0 }]);
      await tx.appendEvent(call, JourneyEventType.Escalated, { data: {} });
      expect(await manager.query(`SELECT action FROM audit_log WHERE data->>'test' = 'next-write'`)).toEqual([{ action: 'rides.with_call' }]);
      tx.ride(entry('rides.at_end', 'next-write'));
      await tx.flush();
    });
    expect(await written('next-write')).toEqual(['rides.at_end', 'rides.with_call']);
  });

  it('keeps a rider that left with a write a failed savepoint undid, and drops one added inside it', async () => {
    await dataSource.transaction(async (manager) => {
      const tx = new JourneyTransaction(manager);
      tx.ride(entry('kept', 'savepoint'));
      const result = await tx.savepoint(async () => {
        tx.ride(entry('undone', 'savepoint'));
        await tx.appendEvent(await lockedCall(tx), JourneyEventType.Escalated, { data: {} });
        throw new Error('the part fails after its write');
      });
      expect(result.ok).toBe(false);
      await tx.flush();
    });
    expect(await written('savepoint')).toEqual(['kept']);
    // The call's write went with the savepoint: its row is as it was.
    const rows = EntityRows.of(dataSource.manager, CallEntity);
    const [call] = rows.entities(await dataSource.query(`SELECT ${rows.columns} FROM ${rows.table} WHERE id = $1`, [callId]));
    expect(call!.lastSeq).toBe(1);
  });

  type PlatformEventRow = { seq: number; type: string; job: boolean };
  /** The call's platform events as `query` sees them (inside a transaction or after it), with whether each has its delivery job. */
  const platformEvents = (query: (sql: string, values: unknown[]) => Promise<PlatformEventRow[]>) =>
    query(
      `SELECT p.seq, p.type, EXISTS (SELECT 1 FROM job_outbox j WHERE j.job_id = p.call_id || '${PLATFORM_EVENT_JOB_ID_INFIX}' || p.seq) AS job
         FROM platform_events p WHERE p.call_id = $1 ORDER BY p.seq`,
      [callId],
    );
  const committed = async (sql: string, values: unknown[]) => (await env.db.query<PlatformEventRow>(sql, values)).rows;

  it('writes platform events told before a write with it, in the order told, each with its job', async () => {
    await env.db.query('DELETE FROM platform_events WHERE call_id = $1', [callId]);
    await dataSource.transaction(async (manager) => {
      const tx = new JourneyTransaction(manager);
      const call = await lockedCall(tx);
      tx.platformEvent(call, PlatformEventType.Requeued, { topicKey: 'passport', position: 1, estimatedWaitSec: 30 });
      tx.platformEvent(call, PlatformEventType.Release, {});
      const inside = (sql: string, values: unknown[]) => manager.query(sql, values) as Promise<PlatformEventRow[]>;
      expect(await platformEvents(inside)).toEqual([]);
      await tx.appendEvent(call, JourneyEventType.Escalated, { data: {} });
      expect(await platformEvents(inside)).toEqual([
        { seq: 1, type: PlatformEventType.Requeued, job: true },
        { seq: 2, type: PlatformEventType.Release, job: true },
      ]);
      // One told after the write waits for the next, here the end, and follows on.
      tx.platformEvent(call, PlatformEventType.Release, {});
      await tx.flush();
    });
    expect((await platformEvents(committed)).map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('drops a platform event told inside a savepoint that failed, and sends again one a write inside it took', async () => {
    await env.db.query('DELETE FROM platform_events WHERE call_id = $1', [callId]);
    await dataSource.transaction(async (manager) => {
      const tx = new JourneyTransaction(manager);
      const call = await lockedCall(tx);
      tx.platformEvent(call, PlatformEventType.Requeued, { topicKey: 'passport', position: 2, estimatedWaitSec: 60 });
      const result = await tx.savepoint(async () => {
        tx.platformEvent(call, PlatformEventType.Release, {});
        await tx.appendEvent(call, JourneyEventType.Escalated, { data: {} });
        throw new Error('the part fails after its write');
      });
      expect(result.ok).toBe(false);
      await tx.flush();
    });
    expect(await platformEvents(committed)).toEqual([{ seq: 1, type: PlatformEventType.Requeued, job: true }]);
  });

  it("sends a round's offers and the agents' states ahead of the statement after them, which sees them and fails with their error", async () => {
    const pooled = await new DataSource(dataSourceOptions({ url: databaseUrl(env.databaseName), applicationName: 'journey-riders-ahead', poolSize: 1, preparedStatements: true })).initialize();
    try {
      const writes = await countSocketWrites(pooled);
      const { rows: queued } = await env.db.query<{ id: string }>(
        `INSERT INTO calls (external_id, state, topic_id, language, arrived_at, queued_at, waiting_since)
         SELECT 'ahead-' || n, 'queued', (SELECT id FROM topics ORDER BY key LIMIT 1), 'nb', now(), now(), now() FROM generate_series(1, 2) n RETURNING id`,
      );
      const { rows: agentRows } = await env.db.query<{ id: string }>(`SELECT id FROM agents ORDER BY id LIMIT 2`);
      const expiresAt = new Date(Date.now() + 60_000);
      writes.reset();
      const seen = await pooled.transaction(async (manager) => {
        const tx = new JourneyTransaction(manager);
        const agents = await tx.lockAgents(agentRows.map((a) => a.id));
        const calls = await tx.lockCalls(queued.map((c) => c.id));
        // BEGIN with the agents' lock, then the calls' lock.
        expect(writes.count).toBe(2);
        await tx.applyToMany(
          calls.map((call, i) => ({ call, agentId: agents[i]!.id, patch: { agentId: agents[i]!.id, offerExpiresAt: expiresAt }, data: {} })),
          CallAction.Offer,
          new Date(),
        );
        await tx.setManyAgentStates(
          calls.map((call, i) => ({ agent: agents[i]!, callId: call.id })),
          AgentState.Reserved,
          new Date(),
          true,
        );
        expect(writes.count).toBe(2);
        // Both writes go with this read, in one write to the socket, and it sees what they wrote.
        const rows: { call: string; agent: string }[] = await manager.query(
          `SELECT c.state AS call, a.state AS agent FROM calls c JOIN agents a ON a.id = c.agent_id WHERE c.id = ANY($1::uuid[]) ORDER BY c.id`,
          [calls.map((c) => c.id)],
        );
        expect(writes.count).toBe(3);
        return rows;
      });
      expect(seen).toEqual([
        { call: 'offered', agent: 'reserved' },
        { call: 'offered', agent: 'reserved' },
      ]);

      // An agent's state written ahead that fails (no such agent to log it for) fails the statement
      // after it with its own error, and the transaction with it.
      await expect(
        pooled.transaction(async (manager) => {
          const tx = new JourneyTransaction(manager);
          const [agent] = await tx.lockAgents([agentRows[0]!.id]);
          await tx.setAgentState(Object.assign(new AgentEntity(), agent, { id: randomUUID() }), AgentState.Break);
          await manager.query('SELECT 1');
        }),
      ).rejects.toMatchObject({ code: '23503', query: expect.stringContaining('INSERT INTO agent_events') });
    } finally {
      await pooled.destroy();
    }
  });
});
