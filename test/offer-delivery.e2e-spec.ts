import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AgentOfferEvent } from '@fc/contracts';
import { API_APPLICATION_NAME } from '@fc/persistence';
import { eventually, type ApiClient } from './support/api-client.js';
import { agentsFor, signIn, type SignedInAgent } from './support/agents.js';
import { openSocket, type AgentSocket } from './support/sockets.js';
import { TestEnvironment } from './support/test-environment.js';

/**
 * An offer reaches its agent while every connection of the process's pool is held by requests
 * (docs/decisions/0069): the offer's caller history and its audit are read on the offers' own
 * connections, as the round that made the offer ran on its own (0063).
 */
describe("an offer's delivery", () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let agent: SignedInAgent;
  let other: SignedInAgent;

  beforeAll(async () => {
    // A pool of two (the least allowed), which two requests fill; no routing sweep meanwhile.
    env = await TestEnvironment.create({ DATABASE_POOL_SIZE: '2', ROUTING_TICK_MS: '60000', METRICS_TICK_SEC: '300' });
    ({ api } = await env.startApi());
    const [name, otherName] = await agentsFor(env, 'passport', 4);
    agent = await signIn(api, name!);
    other = await signIn(api, otherName!);
  });
  afterAll(() => env?.close());

  /** The api's pool connections whose transaction waits for a row lock. */
  const poolWaitingForLocks = async () =>
    (
      await env.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND wait_event_type = 'Lock'`, [
        API_APPLICATION_NAME,
      ])
    ).rows[0]!.n;

  it('reaches the agent while requests hold every connection of the pool', async () => {
    const socket = openSocket<AgentSocket>(api.baseUrl, '/agent', agent.token);
    const offers: AgentOfferEvent[] = [];
    socket.on('offer', (offer) => offers.push(offer));
    await new Promise((resolve) => socket.once('state', resolve));
    // Nobody is available: the call waits in the queue.
    const arrival = await api.telephony('/calls', { externalId: 'offer-delivery-1', topicKey: 'passport', language: 'nb', callerNumber: '+4791100001' });
    expect(arrival.status).toBe(201);
    const callId = arrival.body.callId;

    // Two state changes of another agent, whose row this test holds locked, each hold one of the
    // pool's two connections until the lock goes.
    const holder = await env.db.connect();
    const jam: Promise<unknown>[] = [];
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM agents WHERE id = $1 FOR UPDATE', [other.agentId]);
      jam.push(api.setState(other.token, 'available'), api.setState(other.token, 'break', 'break'));
      await eventually(async () => ((await poolWaitingForLocks()) === 2 ? true : undefined), 'both pool connections held by requests waiting for the lock');

      // The agent becomes available (written as their state change would write it): the feed
      // tells the leader, whose round runs on its own connection and offers them the call.
      await env.db.query(`UPDATE agents SET state = 'available', state_reason = NULL, state_since = now() WHERE id = $1`, [agent.agentId]);
      await eventually(async () => offers.find((offer) => offer.callId === callId), 'the offer on the agent’s socket', 10_000);
      // Still jammed: the offer did not get through because a request's connection came free.
      expect(await poolWaitingForLocks()).toBe(2);
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
      await Promise.all(jam);
      socket.close();
    }
    const audits = await env.db.query(`SELECT 1 FROM audit_log WHERE action = 'call.caller_history_read' AND entity_id = $1`, [callId]);
    expect(audits.rowCount).toBe(1);
  });
});
