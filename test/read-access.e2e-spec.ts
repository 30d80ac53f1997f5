import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AgentOfferEvent } from '@fc/contracts';
import { eventually, type ApiClient } from './support/api-client.js';
import { agentsFor, signIn, waitForOffer, type SignedInAgent } from './support/agents.js';
import { openSocket, type AgentSocket } from './support/sockets.js';
import { TestEnvironment } from './support/test-environment.js';

/** Who may read what (DESIGN §8, docs/roles.md), and that every read of personal data is audited. */
describe('read access and its audit trail', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let supervisorToken: string;
  let sequence = 0;
  const externalId = () => `reads-${Date.now()}-${++sequence}`;
  const sockets: AgentSocket[] = [];

  beforeAll(async () => {
    env = await TestEnvironment.create({ OFFER_TIMEOUT_SEC: '3' });
    ({ api } = await env.startApi());
    supervisorToken = (await api.login('super01')).accessToken;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await env.close();
  });

  /** Makes `agent` the only available agent on the floor. */
  async function onlyAvailable(agent: SignedInAgent): Promise<void> {
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    expect((await api.setState(agent.token, 'available')).status).toBe(200);
  }

  const auditRows = async (action: string, entityId: string) =>
    (
      await env.db.query<{ actor_user_id: string; actor_role: string; data: Record<string, unknown> }>(`SELECT actor_user_id, actor_role, data FROM audit_log WHERE action = $1 AND entity_id = $2`, [
        action,
        entityId,
      ])
    ).rows;

  const userIdOf = async (username: string) => (await env.db.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [username])).rows[0]!.id;

  it('lets an agent read the calls they handled, not a call they only rang for (declined or let expire)', async () => {
    const [declinerName, expirerName, handlerName] = await agentsFor(env, 'passport', 2);
    const decliner = await signIn(api, declinerName!);
    const expirer = await signIn(api, expirerName!);
    const handler = await signIn(api, handlerName!);
    const { callId } = (await api.telephony('/calls', { externalId: externalId(), callerNumber: '+4791555101', topicKey: 'passport', language: 'nb' })).body;

    await onlyAvailable(decliner);
    await waitForOffer(api, decliner, callId);
    expect((await api.callAction(decliner.token, callId, 'decline')).status).toBe(200);
    await onlyAvailable(expirer);
    await waitForOffer(api, expirer, callId);
    await eventually(async () => ((await api.me(expirer.token)).body.offer === null ? true : undefined), 'the offer to expire');
    await onlyAvailable(handler);
    await waitForOffer(api, handler, callId);
    expect((await api.callAction(handler.token, callId, 'accept')).status).toBe(200);
    expect((await api.callAction(handler.token, callId, 'end')).status).toBe(200);
    const note = 'Private: the caller mentioned a neighbour dispute.';
    expect((await api.callAction(handler.token, callId, 'outcome', { outcome: 'resolved', expectationAligned: true, note })).status).toBe(200);

    const handled = await api.getCall(handler.token, callId);
    expect(handled.status).toBe(200);
    expect(handled.body.note).toBe(note);
    for (const onlyRang of [decliner, expirer]) {
      const read = await api.getCall(onlyRang.token, callId);
      expect(read.status).toBe(404);
      expect(JSON.stringify(read.body)).not.toContain('neighbour');
    }
    // Refused reads leave no trace of a read; the handler's does.
    const reads = await auditRows('call.read', callId);
    expect(reads.map((r) => r.actor_user_id)).toEqual([await userIdOf(handler.username)]);

    // Assigned a follow-up of a call they never handled, an agent may read that call.
    await env.db.query(`INSERT INTO follow_ups (call_id, kind, cause, status, due_at, owner_user_id) VALUES ($1, 'case_handover', 'outcome_unresolved', 'open', now() + interval '1 day', $2)`, [
      callId,
      await userIdOf(decliner.username),
    ]);
    expect((await api.getCall(decliner.token, callId)).status).toBe(200);
    expect((await api.getCall(expirer.token, callId)).status).toBe(404);
  });

  it("keeps quality reviews, with citizens' comments and agents' notes, to quality leads", async () => {
    const quality = (await api.login('quality01')).accessToken;
    const admin = (await api.login('admin')).accessToken;
    expect((await api.request('GET', '/api/reviews', undefined, { token: quality })).status).toBe(200);
    for (const token of [supervisorToken, admin]) {
      expect((await api.request('GET', '/api/reviews', undefined, { token })).status).toBe(403);
      expect((await api.request('GET', '/api/reviews/00000000-0000-4000-8000-000000000000', undefined, { token })).status).toBe(403);
    }
    // What they do get of quality work: the insight and the learnings shared with everyone.
    expect((await api.request('GET', '/api/insights/root-causes?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z', undefined, { token: supervisorToken })).status).toBe(200);
    expect((await api.request('GET', '/api/learnings', undefined, { token: supervisorToken })).status).toBe(200);
  });

  it('audits the caller history an offer shows and every read of a follow-up', async () => {
    const [username] = await agentsFor(env, 'firearms', 1);
    const agent = await signIn(api, username!);
    const number = '+4791555202';
    const earlier = (await api.telephony('/calls', { externalId: externalId(), callerNumber: number, topicKey: 'firearms', language: 'nb' })).body.callId;
    await api.telephony(`/calls/${earlier}/hangup`);
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);

    const socket = openSocket<AgentSocket>(api.baseUrl, '/agent', agent.token);
    sockets.push(socket);
    const offers: AgentOfferEvent[] = [];
    socket.on('offer', (offer) => offers.push(offer));
    await eventually(async () => (socket.connected ? true : undefined), 'the agent socket');
    expect(await socket.timeout(5000).emitWithAck('state', { state: 'available' })).toMatchObject({ ok: true });
    const { callId } = (await api.telephony('/calls', { externalId: externalId(), callerNumber: number, topicKey: 'firearms', language: 'nb' })).body;
    const offer = await eventually(async () => offers.find((o) => o.callId === callId), 'the offer');
    expect(offer.callerHistory).toEqual([expect.objectContaining({ callId: earlier })]);
    const audited = await eventually(async () => {
      const rows = await auditRows('call.caller_history_read', callId);
      return rows.length > 0 ? rows : undefined;
    }, 'the audit of the caller history');
    expect(audited).toEqual([{ actor_user_id: await userIdOf(username!), actor_role: 'agent', data: { entries: 1 } }]);
    await api.telephony(`/calls/${callId}/hangup`);

    // A follow-up read by a supervisor is audited like the call it belongs to.
    const { rows } = await env.db.query<{ id: string }>(
      `INSERT INTO follow_ups (call_id, kind, cause, status, due_at) VALUES ($1, 'callback', 'long_abandon', 'open', now() + interval '1 hour') RETURNING id`,
      [earlier],
    );
    const followUpId = rows[0]!.id;
    expect((await api.request('GET', `/api/follow-ups/${followUpId}`, undefined, { token: supervisorToken })).status).toBe(200);
    expect(await auditRows('follow_up.read', followUpId)).toEqual([{ actor_user_id: await userIdOf('super01'), actor_role: 'supervisor', data: { callId: earlier } }]);
  });
});
