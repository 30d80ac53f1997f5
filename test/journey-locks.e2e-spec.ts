import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JourneyTransaction } from '@fc/journey';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import { TestEnvironment } from './support/test-environment.js';

/**
 * The frame of an agent's action: the call, then the agent, locked by one statement. Every
 * transaction locks a call before agents, so the routing round and an agent's action queue
 * rather than deadlock; one statement must keep that order, not only save a round trip.
 */
describe('locking a call and then its agent in one statement', () => {
  let env: TestEnvironment;
  let dataSource: DataSource;
  let callId: string;
  let agentId: string;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    dataSource = await env.dataSource('journey-locks-test', 3);
    const { rows } = await env.db.query<{ id: string }>(
      `INSERT INTO calls (external_id, state, topic_id, language, arrived_at, queued_at, waiting_since)
       SELECT 'locks-1', 'queued', id, 'nb', now(), now(), now() FROM topics ORDER BY key LIMIT 1 RETURNING id`,
    );
    callId = rows[0]!.id;
    agentId = (await env.db.query<{ id: string }>(`SELECT id FROM agents ORDER BY id LIMIT 1`)).rows[0]!.id;
  });
  afterAll(() => env?.close());

  /** Whether another session finds the row locked (FOR UPDATE NOWAIT refused). */
  const lockedElsewhere = async (client: pg.PoolClient, table: 'calls' | 'agents', id: string) => {
    await client.query('BEGIN');
    try {
      await client.query(`SELECT 1 FROM ${table} WHERE id = $1 FOR UPDATE NOWAIT`, [id]);
      return false;
    } catch (error) {
      if ((error as { code?: string }).code === '55P03') return true;
      throw error;
    } finally {
      await client.query('ROLLBACK');
    }
  };

  it('returns both rows as lockCall and lockAgent read them, and holds both locks', async () => {
    const probe = await env.db.connect();
    try {
      await dataSource.transaction(async (manager) => {
        const tx = new JourneyTransaction(manager);
        const both = await tx.lockCallThenAgent(callId, agentId);
        expect(both.call).toEqual(await tx.lockCall(callId));
        expect(both.agent).toEqual(await tx.lockAgent(agentId));
        expect(both.call!.constructor.name).toBe('CallEntity');
        expect(both.agent!.constructor.name).toBe('AgentEntity');
        expect(await lockedElsewhere(probe, 'calls', callId)).toBe(true);
        expect(await lockedElsewhere(probe, 'agents', agentId)).toBe(true);
      });
    } finally {
      probe.release();
    }
  });

  it('holds the call while it waits for an agent another transaction holds: call first, then agent', async () => {
    const holder = await env.db.connect();
    const probe = await env.db.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM agents WHERE id = $1 FOR UPDATE', [agentId]);
      const locking = dataSource.transaction(async (manager) => {
        const tx = new JourneyTransaction(manager);
        return tx.lockCallThenAgent(callId, agentId);
      });
      // Wait for the fact: the statement is blocked on a lock.
      for (;;) {
        const { rows } = await probe.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'journey-locks-test' AND wait_event_type = 'Lock'`);
        if (rows.length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(await lockedElsewhere(probe, 'calls', callId)).toBe(true);
      await holder.query('COMMIT');
      const both = await locking;
      expect([both.call?.id, both.agent?.id]).toEqual([callId, agentId]);
    } finally {
      // A failed expectation must not leave the agent locked for the tests after.
      await holder.query('ROLLBACK');
      holder.release();
      probe.release();
    }
  });

  it('locks no agent when the call does not exist', async () => {
    const probe = await env.db.connect();
    try {
      await dataSource.transaction(async (manager) => {
        const tx = new JourneyTransaction(manager);
        expect(await tx.lockCallThenAgent('00000000-0000-4000-8000-000000000000', agentId)).toEqual({ call: null, agent: null });
        expect(await lockedElsewhere(probe, 'agents', agentId)).toBe(false);
      });
    } finally {
      probe.release();
    }
  });

  it('finds the call and no agent for an agent who does not exist', async () => {
    await dataSource.transaction(async (manager) => {
      const tx = new JourneyTransaction(manager);
      const both = await tx.lockCallThenAgent(callId, '00000000-0000-4000-8000-000000000000');
      expect(both.call?.id).toBe(callId);
      expect(both.agent).toBeNull();
    });
  });
});
