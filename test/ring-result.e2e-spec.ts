import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { ApiClient } from './support/api-client.js';
import { agentsFor, signIn, waitForOffer, type SignedInAgent } from './support/agents.js';
import { TestEnvironment } from './support/test-environment.js';

// POST /api/telephony/calls/:id/ring-result (decision 0044): the platform reports how ringing the
// offered agent's phone went. The SIP path is in voice-edge.e2e-spec.ts; here the route's rules.

describe('the ring result: an agent answering, refusing or missing on their phone', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let sequence = 0;
  const hangUps: string[] = [];

  beforeAll(async () => {
    env = await TestEnvironment.create({ OFFER_TIMEOUT_SEC: '30' });
    ({ api } = await env.startApi());
    await env.startWorker();
    await env.db.query(`UPDATE topics SET escalation_steps = '[]', min_proficiency = 1 WHERE key = 'tips'`);
  });
  afterEach(async () => {
    for (const callId of hangUps.splice(0)) await api.telephony(`/calls/${callId}/hangup`);
  });
  afterAll(() => env.close());

  /** Each test its own agent: the one before may still hold its call in wrap-up. */
  async function offeredTo(skip: number): Promise<{ agent: SignedInAgent; callId: string }> {
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    const agent = await signIn(api, (await agentsFor(env, 'tips', 1))[skip]!);
    expect((await api.setState(agent.token, 'available')).status).toBe(200);
    const created = await api.telephony('/calls', { externalId: `ring-${Date.now()}-${++sequence}`, callerNumber: '+4791234567', topicKey: 'tips', language: 'nb' });
    hangUps.push(created.body.callId);
    await waitForOffer(api, agent, created.body.callId);
    return { agent, callId: created.body.callId };
  }
  const ring = (callId: string, body: unknown) => api.telephony(`/calls/${callId}/ring-result`, body);
  const trail = async (callId: string) =>
    (await env.db.query<{ action: string; actor_user_id: string; data: Record<string, string> }>(`SELECT action, actor_user_id, data FROM audit_log WHERE entity_id = $1 ORDER BY at, id`, [callId]))
      .rows;

  it('answered accepts the offer as the agent, via the phone; a second report (a retransmitted 200 OK) changes nothing', async () => {
    const { agent, callId } = await offeredTo(0);
    const answered = await ring(callId, { agentId: agent.agentId, result: 'answered' });
    expect(answered.status).toBe(200);
    expect(answered.body).toEqual({ callId, state: 'connected' });
    expect((await api.me(agent.token)).body).toMatchObject({ state: 'on_call', activeCall: { callId, state: 'connected' } });
    expect((await ring(callId, { agentId: agent.agentId, result: 'answered' })).body).toEqual({ callId, state: 'connected' });
    const { rows } = await env.db.query<{ user_id: string }>('SELECT user_id FROM agents WHERE id = $1', [agent.agentId]);
    expect(await trail(callId)).toEqual([{ action: 'call.accept', actor_user_id: rows[0]!.user_id, data: { via: 'phone' } }]);
    expect((await env.db.query(`SELECT count(*)::int AS n FROM call_events WHERE call_id = $1 AND type = 'connected'`, [callId])).rows[0].n).toBe(1);
  });

  it('answered for a callback accepts it once: the platform is told to dial; the phone answering after the console accepted changes nothing', async () => {
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    const created = await api.telephony('/calls', { externalId: `ring-cb-${Date.now()}`, callerNumber: '+4791234567', topicKey: 'tips', language: 'nb' });
    const asked = await api.telephony<{ callbackCallId: string }>(`/calls/${created.body.callId}/callback`);
    const callId = asked.body.callbackCallId;
    const agent = await signIn(api, (await agentsFor(env, 'tips', 1))[3]!);
    expect((await api.setState(agent.token, 'available')).status).toBe(200);
    await waitForOffer(api, agent, callId);
    // The phone answers the callback offer: accepted, being dialled.
    expect((await ring(callId, { agentId: agent.agentId, result: 'answered' })).body).toEqual({ callId, state: 'dialling' });
    // Again (a 200 OK retransmitted, or the console's accept came first): still one dial.
    expect((await ring(callId, { agentId: agent.agentId, result: 'answered' })).body).toEqual({ callId, state: 'dialling' });
    const dials = await env.db.query(`SELECT count(*)::int AS n FROM call_events WHERE call_id = $1 AND type = 'dial_started'`, [callId]);
    expect(dials.rows[0].n).toBe(1);
    expect((await api.telephony(`/calls/${callId}/dial-result`, { result: 'busy' })).status).toBe(200);
  });

  it('busy declines: the caller is back in line and the agent available', async () => {
    const { agent, callId } = await offeredTo(1);
    expect((await ring(callId, { agentId: agent.agentId, result: 'busy' })).status).toBe(200);
    expect((await env.db.query(`SELECT type FROM call_events WHERE call_id = $1 AND type = 'offer_declined'`, [callId])).rowCount).toBe(1);
    expect((await api.me(agent.token)).body.state).toMatch(/^(available|reserved)$/);
  });

  it('no answer ends the offer now, as a RONA: the agent on a missed break, the call waiting again', async () => {
    const { agent, callId } = await offeredTo(2);
    const missed = await ring(callId, { agentId: agent.agentId, result: 'no_answer' });
    expect(missed.status).toBe(200);
    expect(missed.body.state).toBe('queued');
    expect((await api.me(agent.token)).body).toMatchObject({ state: 'break', stateReason: 'missed', offer: null });
    const { rows } = await env.db.query<{ data: Record<string, string> }>(`SELECT data FROM call_events WHERE call_id = $1 AND type = 'offer_expired'`, [callId]);
    expect(rows.map((r) => r.data.ring)).toEqual(['no_answer']);
    expect((await trail(callId)).map((e) => [e.action, e.data])).toEqual([['call.ring_unanswered', { via: 'phone', result: 'no_answer' }]]);
    // The offer is gone: a late report for it is refused and changes nothing.
    expect((await ring(callId, { agentId: agent.agentId, result: 'answered' })).status).toBe(409);
    expect((await ring(callId, { agentId: agent.agentId, result: 'unavailable' })).status).toBe(409);
  });

  it('refuses bad input and an agent the call was never offered to, changing nothing', async () => {
    const { agent, callId } = await offeredTo(3);
    const other = await signIn(api, (await agentsFor(env, 'tips', 1))[4]!);
    const before = await env.fingerprint();
    for (const body of [{}, { agentId: agent.agentId }, { agentId: agent.agentId, result: 'maybe' }, { agentId: 'not-a-uuid', result: 'answered' }]) {
      const refused = await ring(callId, body);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    }
    expect((await ring(callId, { agentId: other.agentId, result: 'answered' })).status).toBe(404);
    expect((await ring('00000000-0000-4000-8000-000000000000', { agentId: agent.agentId, result: 'answered' })).status).toBe(404);
    expect((await api.request('POST', `/api/telephony/calls/${callId}/ring-result`, { agentId: agent.agentId, result: 'answered' }, { apiKey: 'wrong-key' })).status).toBe(401);
    expect(await env.fingerprint()).toEqual(before);
  });
});
