import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '@fc/contracts';
import { TransactionRunner } from '@fc/persistence';
import { FloorViewsRepository } from '@fc/realtime';
import { TestEnvironment } from './support/test-environment.js';

/**
 * An offer's caller history and its audit, read and written by one statement (DESIGN §5): the
 * read is recorded as the agent's only while the call is still offered to them, and the publisher
 * sends only what was recorded.
 */
describe("an offer's caller history, read and audited in one statement", () => {
  let env: TestEnvironment;
  let views: FloorViewsRepository;
  /** Three agents with their users: each may hold one call at a time (the one-active-call index). */
  let agents: { id: string; user_id: string }[];

  beforeAll(async () => {
    env = await TestEnvironment.create();
    const dataSource = await env.dataSource('caller-history-audit-test');
    views = new FloorViewsRepository(dataSource, new TransactionRunner(dataSource));
    agents = (await env.db.query<{ id: string; user_id: string }>(`SELECT id, user_id FROM agents ORDER BY id LIMIT 3`)).rows;
  });
  afterAll(() => env?.close());

  /** A call from `callerKey`, arrived `minutesAgo`, in `state` (offered to `agent` when given). */
  const call = async (externalId: string, callerKey: string | null, minutesAgo: number, state: string, agent: string | null = null) =>
    (
      await env.db.query<{ id: string }>(
        `INSERT INTO calls (external_id, state, topic_id, language, caller_key, agent_id, arrived_at, queued_at, waiting_since)
         SELECT $1, $2, id, 'nb', $3, $4, now() - make_interval(mins => $5), now(), now() FROM topics ORDER BY key LIMIT 1 RETURNING id`,
        [externalId, state, callerKey, agent, minutesAgo],
      )
    ).rows[0]!.id;
  const audits = async (callId: string) => (await env.db.query(`SELECT actor_user_id, actor_role, data FROM audit_log WHERE action = 'call.caller_history_read' AND entity_id = $1`, [callId])).rows;
  const readerOf = (agent: { user_id: string }) => ({ userId: agent.user_id, role: Role.Agent });

  it('reads the history and records it as the agent’s while the call is offered to them', async () => {
    const earlier = await call('history-earlier', 'key-1', 60, 'completed');
    const [agent] = agents;
    const offered = await call('history-offered', 'key-1', 0, 'offered', agent!.id);
    const read = await views.callerHistoryReadBy(offered, agent!.id, readerOf(agent!));
    expect(read.audited).toBe(true);
    expect(read.entries).toEqual([expect.objectContaining({ callId: earlier, state: 'completed' })]);
    expect(read.entries[0]!.arrivedAt).toMatch(/Z$/);
    expect(await audits(offered)).toEqual([{ actor_user_id: agent!.user_id, actor_role: 'agent', data: { entries: 1 } }]);
  });

  it('records a read with nothing in it for a withheld number', async () => {
    const agent = agents[1]!;
    const offered = await call('history-withheld', null, 0, 'offered', agent.id);
    expect(await views.callerHistoryReadBy(offered, agent.id, readerOf(agent))).toEqual({ entries: [], audited: true });
    expect(await audits(offered)).toEqual([{ actor_user_id: agent.user_id, actor_role: 'agent', data: { entries: 0 } }]);
  });

  it('records nothing, and says so, once the offer has gone to another agent or back to the queue', async () => {
    await call('history-earlier-2', 'key-2', 60, 'completed');
    const [agent, , other] = agents;
    const elsewhere = await call('history-elsewhere', 'key-2', 0, 'offered', other!.id);
    const requeued = await call('history-requeued', 'key-2', 0, 'queued');
    expect((await views.callerHistoryReadBy(elsewhere, agent!.id, readerOf(agent!))).audited).toBe(false);
    expect((await views.callerHistoryReadBy(requeued, agent!.id, readerOf(agent!))).audited).toBe(false);
    expect(await audits(elsewhere)).toEqual([]);
    expect(await audits(requeued)).toEqual([]);
  });
});
