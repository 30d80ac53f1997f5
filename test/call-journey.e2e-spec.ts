import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CallView } from '@fc/contracts';
import { eventually, type ApiClient } from './support/api-client.js';
import { agentWithout, agentsFor, signIn, waitForOffer, type SignedInAgent } from './support/agents.js';
import { TestEnvironment } from './support/test-environment.js';

describe('the caller journey over HTTP', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let supervisorToken: string;
  let sequence = 0;
  const externalId = () => `journey-${Date.now()}-${++sequence}`;

  beforeAll(async () => {
    env = await TestEnvironment.create({ OFFER_TIMEOUT_SEC: '3', WRAP_UP_TIMEOUT_SEC: '5' });
    ({ api } = await env.startApi());
    supervisorToken = (await api.login('super01')).accessToken;
  });
  afterAll(() => env.close());

  /** Signs in an agent able to take `topic` and makes them the only available one. */
  async function onlyAvailable(username: string): Promise<SignedInAgent> {
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    const agent = await signIn(api, username);
    expect((await api.setState(agent.token, 'available')).status).toBe(200);
    return agent;
  }

  const journeyOf = async (callId: string) => (await api.getCall(supervisorToken, callId)).body;
  const types = (call: CallView) => call.events!.map((e) => e.type);

  it('shows the agent their own view whole: who they are, their skills in order, the offer with its topic and expiry, then the call they are on', async () => {
    const [username] = await agentsFor(env, 'passport', 3);
    const agent = await onlyAvailable(username!);
    const created = await api.telephony('/calls', { externalId: externalId(), callerNumber: '+47 912 34 568', topicKey: 'passport', language: 'nb' });
    expect(created.status).toBe(201);
    const { callId } = created.body;
    const offered = await waitForOffer(api, agent, callId);

    const rowOf = async () =>
      (
        await env.db.query<{ display_name: string; team: string | null; state: string; state_reason: string | null; state_since: Date; offer_expires_at: Date | null }>(
          `SELECT u.display_name, a.team, a.state, a.state_reason, a.state_since, c.offer_expires_at
             FROM agents a JOIN users u ON u.id = a.user_id JOIN calls c ON c.id = $2 WHERE a.id = $1`,
          [agent.agentId, callId],
        )
      ).rows[0]!;
    const { rows: skills } = await env.db.query(`SELECT s.key AS "skillKey", x.proficiency FROM agent_skills x JOIN skills s ON s.id = x.skill_id WHERE x.agent_id = $1 ORDER BY s.key`, [
      agent.agentId,
    ]);
    expect(skills.length).toBeGreaterThan(1);
    const reserved = await rowOf();
    expect(reserved.state).toBe('reserved');
    expect(offered).toEqual({
      id: agent.agentId,
      username,
      displayName: reserved.display_name,
      team: reserved.team,
      state: 'reserved',
      stateReason: reserved.state_reason,
      stateSince: reserved.state_since.toISOString(),
      skills,
      offer: { callId, direction: 'inbound', dialAttempts: 0, topicKey: 'passport', language: 'nb', waitedSec: expect.any(Number), expiresAt: reserved.offer_expires_at!.toISOString() },
      activeCall: null,
    });
    expect(offered.offer!.waitedSec).toBeGreaterThanOrEqual(0);

    expect((await api.callAction(agent.token, callId, 'accept')).status).toBe(200);
    const onCall = await rowOf();
    expect((await api.me(agent.token)).body).toEqual({
      id: agent.agentId,
      username,
      displayName: onCall.display_name,
      team: onCall.team,
      state: 'on_call',
      stateReason: onCall.state_reason,
      stateSince: onCall.state_since.toISOString(),
      skills,
      offer: null,
      activeCall: { callId, state: 'connected' },
    });
    expect((await api.callAction(agent.token, callId, 'end')).status).toBe(200);
    expect((await api.callAction(agent.token, callId, 'outcome', { outcome: 'resolved', expectationAligned: true })).status).toBe(200);
  });

  it('takes a call from arrival to completion, logging every step in order', async () => {
    const [username] = await agentsFor(env, 'passport', 3);
    const agent = await onlyAvailable(username!);
    const id = externalId();

    const created = await api.telephony('/calls', { externalId: id, callerNumber: '+47 912 34 567', topicKey: 'passport', language: 'nb' });
    expect(created.status).toBe(201);
    expect(created.body.state).toBe('queued');
    const { callId } = created.body;

    const me = await waitForOffer(api, agent, callId);
    expect(me.state).toBe('reserved');
    expect(me.offer).toMatchObject({ callId, topicKey: 'passport', language: 'nb' });
    expect(Date.parse(me.offer!.expiresAt)).toBeGreaterThan(Date.now());

    expect((await api.callAction(agent.token, callId, 'accept')).body).toMatchObject({ state: 'connected', agentId: agent.agentId });
    expect((await api.me(agent.token)).body).toMatchObject({ state: 'on_call', offer: null, activeCall: { callId, state: 'connected' } });
    expect((await api.callAction(agent.token, callId, 'end')).body.state).toBe('wrap_up');
    expect((await api.me(agent.token)).body.state).toBe('wrap_up');
    const completed = await api.callAction(agent.token, callId, 'outcome', {
      outcome: 'resolved',
      expectationAligned: true,
      reasonCodes: ['booking_explained'],
      note: 'Explained how to book an appointment.',
    });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ state: 'completed', outcome: 'resolved', expectationAligned: true, reasonCodes: ['booking_explained'] });
    expect((await api.me(agent.token)).body).toMatchObject({ state: 'available', offer: null, activeCall: null });

    const call = await journeyOf(callId);
    expect(call).toMatchObject({ id: callId, externalId: id, direction: 'inbound', state: 'completed', topicKey: 'passport', transferCount: 0 });
    expect(types(call)).toEqual(['arrived', 'queued', 'offered', 'connected', 'talk_ended', 'outcome_recorded']);
    expect(call.events!.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(call.events!.map((e) => e.agentId)).toEqual([null, null, agent.agentId, agent.agentId, agent.agentId, agent.agentId]);
    const times = call.events!.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(call.events![0]!.data).toMatchObject({ topicKey: 'passport', language: 'nb', numberWithheld: false });
    expect(call.events![5]!.data).toMatchObject({ outcome: 'resolved', expectationAligned: true });
    expect(Date.parse(call.answeredAt!)).toBeGreaterThanOrEqual(Date.parse(call.queuedAt!));
    expect(Date.parse(call.completedAt!)).toBeGreaterThanOrEqual(Date.parse(call.endedAt!));

    // No raw number on the call; the pseudonymous key is there, the number only in caller_numbers.
    const { rows } = await env.db.query(`SELECT c.caller_key, n.phone_e164 FROM calls c JOIN caller_numbers n ON n.call_id = c.id WHERE c.id = $1`, [callId]);
    expect(rows[0].phone_e164).toBe('+4791234567');
    expect(rows[0].caller_key).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(call)).not.toContain('91234567');

    // The platform replays the same arrival: the same call, unchanged, and 200 instead of 201.
    const replay = await api.telephony('/calls', { externalId: id, callerNumber: '+47 912 34 567', topicKey: 'passport', language: 'nb' });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual({ callId, state: 'completed' });
    expect((await env.db.query('SELECT count(*)::int AS n FROM calls WHERE external_id = $1', [id])).rows[0].n).toBe(1);
  });

  it('gives concurrent replays of one externalId one call', async () => {
    const id = externalId();
    const answers = await Promise.all(Array.from({ length: 8 }, () => api.telephony('/calls', { externalId: id, topicKey: 'tips', language: 'nb' })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(7);
    expect(new Set(answers.map((a) => a.body.callId)).size).toBe(1);
    await api.telephony(`/calls/${answers[0]!.body.callId}/hangup`);
  });

  it('routes only to an agent with the topic skill and the language', async () => {
    const unqualified = await onlyAvailable(await agentWithout(env, 'firearms'));
    const { body } = await api.telephony('/calls', { externalId: externalId(), topicKey: 'firearms', language: 'nb' });
    // A round that saw the call waiting offered it to nobody.
    await env.routingRoundSawCall(body.callId);
    expect((await api.me(unqualified.token)).body).toMatchObject({ state: 'available', offer: null });
    const [expert] = await agentsFor(env, 'firearms', 3);
    const qualified = await signIn(api, expert!);
    await api.setState(qualified.token, 'available');
    await waitForOffer(api, qualified, body.callId);
    expect((await api.me(unqualified.token)).body.offer).toBeNull();
    await api.telephony(`/calls/${body.callId}/hangup`);
  });

  it('abandons a waiting call when the caller hangs up, and releases an agent it was offered to', async () => {
    const [username] = await agentsFor(env, 'tips', 2);
    const agent = await onlyAvailable(username!);
    const { body } = await api.telephony('/calls', { externalId: externalId(), topicKey: 'tips', language: 'nb' });
    await waitForOffer(api, agent, body.callId);
    expect((await api.telephony(`/calls/${body.callId}/hangup`)).body).toEqual({ callId: body.callId, state: 'abandoned' });
    expect((await api.me(agent.token)).body).toMatchObject({ state: 'available', offer: null });
    expect(types(await journeyOf(body.callId))).toEqual(['arrived', 'queued', 'offered', 'abandoned']);
    const again = await api.telephony(`/calls/${body.callId}/hangup`);
    expect(again.status).toBe(409);
  });

  it('ends the talk when the caller hangs up while connected, then wrap-up', async () => {
    const [username] = await agentsFor(env, 'case_status', 2);
    const agent = await onlyAvailable(username!);
    const { body } = await api.telephony('/calls', { externalId: externalId(), topicKey: 'case_status', language: 'nb' });
    await waitForOffer(api, agent, body.callId);
    await api.callAction(agent.token, body.callId, 'accept');
    expect((await api.telephony(`/calls/${body.callId}/hangup`)).body.state).toBe('wrap_up');
    expect((await api.me(agent.token)).body.state).toBe('wrap_up');
    const call = await journeyOf(body.callId);
    expect(call.events!.at(-1)).toMatchObject({ type: 'talk_ended', agentId: agent.agentId, data: { by: 'caller' } });
    await api.callAction(agent.token, body.callId, 'outcome', { outcome: 'referred', expectationAligned: true });
  });

  it('puts a declined call back and does not offer it straight back to the same agent', async () => {
    const [first, second] = await agentsFor(env, 'lost_property', 1);
    const decliner = await onlyAvailable(first!);
    const { body } = await api.telephony('/calls', { externalId: externalId(), topicKey: 'lost_property', language: 'nb' });
    await waitForOffer(api, decliner, body.callId);
    expect((await api.callAction(decliner.token, body.callId, 'decline')).body).toMatchObject({ state: 'queued', agentId: null });
    await env.routingRoundSawCall(body.callId);
    expect((await api.me(decliner.token)).body).toMatchObject({ state: 'available', offer: null });
    const other = await signIn(api, second!);
    await api.setState(other.token, 'available');
    await waitForOffer(api, other, body.callId);
    expect(types(await journeyOf(body.callId))).toEqual(['arrived', 'queued', 'offered', 'offer_declined', 'offered']);
    await api.telephony(`/calls/${body.callId}/hangup`);
  });

  it('expires an unanswered offer: the call re-queues and the agent goes on break "missed"', async () => {
    const [username] = await agentsFor(env, 'driving_licence', 2);
    const agent = await onlyAvailable(username!);
    const { body } = await api.telephony('/calls', { externalId: externalId(), topicKey: 'driving_licence', language: 'nb' });
    await waitForOffer(api, agent, body.callId);
    const me = await eventually(
      async () => {
        const { body: m } = await api.me(agent.token);
        return m.state === 'break' ? m : undefined;
      },
      'offer expiry',
      8000,
    );
    expect(me).toMatchObject({ state: 'break', stateReason: 'missed', offer: null });
    const call = await journeyOf(body.callId);
    expect(call.state).toBe('queued');
    expect(types(call)).toEqual(['arrived', 'queued', 'offered', 'offer_expired']);
    expect((await api.callAction(agent.token, body.callId, 'accept')).status).toBe(409);
    await api.telephony(`/calls/${body.callId}/hangup`);
  });

  it('revokes a pending offer when the agent goes on break, and re-queues the call', async () => {
    const [username] = await agentsFor(env, 'police_certificate', 1);
    const agent = await onlyAvailable(username!);
    const { body } = await api.telephony('/calls', { externalId: externalId(), topicKey: 'police_certificate', language: 'nb' });
    await waitForOffer(api, agent, body.callId);
    expect((await api.setState(agent.token, 'break', 'meeting')).body).toMatchObject({ state: 'break', stateReason: 'meeting', offer: null });
    const call = await journeyOf(body.callId);
    expect(call.state).toBe('queued');
    expect(call.events!.at(-1)).toMatchObject({ type: 'offer_revoked', agentId: agent.agentId, data: { reason: 'agent_break' } });
    await api.telephony(`/calls/${body.callId}/hangup`);
  });

  it('transfers to another topic: re-queued with a priority boost and transferCount + 1', async () => {
    const firearms = await agentsFor(env, 'firearms', 3);
    const passportAgent = (await agentsFor(env, 'passport', 3)).find((username) => firearms.includes(username));
    const agent = await onlyAvailable(passportAgent!);
    const { body } = await api.telephony('/calls', { externalId: externalId(), topicKey: 'passport', language: 'nb' });
    await waitForOffer(api, agent, body.callId);
    await api.callAction(agent.token, body.callId, 'accept');
    const moved = await api.callAction(agent.token, body.callId, 'transfer', { topicKey: 'firearms', reason: 'Asked about a hunting rifle' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ state: 'queued', topicKey: 'firearms', transferCount: 1, priority: 10, agentId: null });
    expect((await api.me(agent.token)).body.state).toBe('available');
    const call = await journeyOf(body.callId);
    expect(call.events!.find((e) => e.type === 'transferred')).toMatchObject({ agentId: agent.agentId, data: { to: 'topic', toTopicKey: 'firearms' } });
    // Even with the firearms skill, the agent who passed the call on is not offered it straight back.
    await env.routingRoundSawCall(body.callId);
    expect((await api.me(agent.token)).body).toMatchObject({ state: 'available', offer: null });
    await api.telephony(`/calls/${body.callId}/hangup`);
  });

  it('transfers straight to an available agent', async () => {
    const [a, b] = await agentsFor(env, 'report_offence', 3);
    const first = await onlyAvailable(a!);
    const { body } = await api.telephony('/calls', { externalId: externalId(), topicKey: 'report_offence', language: 'nb' });
    await waitForOffer(api, first, body.callId);
    await api.callAction(first.token, body.callId, 'accept');
    const second = await signIn(api, b!);
    // Not yet available: the transfer is refused and nothing changes.
    expect((await api.callAction(first.token, body.callId, 'transfer', { agentId: second.agentId })).status).toBe(409);
    await api.setState(second.token, 'available');
    const moved = await api.callAction(first.token, body.callId, 'transfer', { agentId: second.agentId });
    expect(moved.body).toMatchObject({ state: 'connected', agentId: second.agentId, transferCount: 1 });
    expect((await api.me(second.token)).body).toMatchObject({ state: 'on_call', activeCall: { callId: body.callId, state: 'connected' } });
    expect((await api.me(first.token)).body.state).toBe('available');
    // The agent it was given to reads it (their console shows it), with how it came to them.
    const received = await api.getCall(second.token, body.callId);
    expect(received.status).toBe(200);
    expect(received.body.events?.map((e) => e.type)).toEqual(expect.arrayContaining(['connected', 'transferred']));
    // The first agent can still read the call they were part of, but no longer act on it.
    expect((await api.getCall(first.token, body.callId)).status).toBe(200);
    expect((await api.callAction(first.token, body.callId, 'end')).status).toBe(409);
    await api.callAction(second.token, body.callId, 'end');
    await api.callAction(second.token, body.callId, 'outcome', { outcome: 'follow_up', expectationAligned: false });
  });

  it('replaces a waiting call by a callback call that keeps its queue time', async () => {
    await env.db.query(`UPDATE agents SET state = 'offline'`);
    const { body } = await api.telephony('/calls', { externalId: externalId(), callerNumber: '+4798765432', topicKey: 'foreigners', language: 'nb' });
    const answer = await api.telephony<{ callId: string; state: string; callbackCallId: string }>(`/calls/${body.callId}/callback`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ callId: body.callId, state: 'callback_requested' });
    const original = await journeyOf(body.callId);
    const callback = await journeyOf(answer.body.callbackCallId);
    expect(callback).toMatchObject({ direction: 'callback', state: 'queued', topicKey: 'foreigners', callbackOfCallId: body.callId, queuedAt: original.queuedAt });
    // Routing may have logged an escalation step meanwhile (skip-if with nobody available); that is its business.
    expect(types(original).filter((type) => type !== 'escalated')).toEqual(['arrived', 'queued', 'callback_requested']);
    // Withheld numbers cannot be called back.
    const withheld = await api.telephony('/calls', { externalId: externalId(), topicKey: 'foreigners', language: 'nb' });
    expect((await api.telephony(`/calls/${withheld.body.callId}/callback`)).status).toBe(409);
    expect((await journeyOf(withheld.body.callId)).state).toBe('queued');
    await api.telephony(`/calls/${withheld.body.callId}/hangup`);
    await api.telephony(`/calls/${answer.body.callbackCallId}/hangup`);
  });

  it('completes a wrap-up that runs out of time as not_recorded and frees the agent', async () => {
    const [username] = await agentsFor(env, 'other', 1);
    const agent = await onlyAvailable(username!);
    const { body } = await api.telephony('/calls', { externalId: externalId(), topicKey: 'other', language: 'nb' });
    await waitForOffer(api, agent, body.callId);
    await api.callAction(agent.token, body.callId, 'accept');
    await api.callAction(agent.token, body.callId, 'end');
    const call = await eventually(
      async () => {
        const c = await journeyOf(body.callId);
        return c.state === 'completed' ? c : undefined;
      },
      'wrap-up timeout',
      15_000,
    );
    expect(call.outcome).toBe('not_recorded');
    expect(call.events!.at(-1)).toMatchObject({ type: 'outcome_recorded', data: { outcome: 'not_recorded' } });
    expect((await api.me(agent.token)).body.state).toBe('available');
  });

  it('refuses to change the journey log after the fact', async () => {
    await expect(env.db.query(`UPDATE call_events SET type = 'abandoned'`)).rejects.toThrow('call_events is append-only');
    await expect(env.db.query(`DELETE FROM call_events`)).rejects.toThrow('call_events is append-only');
  });
});
