import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PlatformEventType, type FollowUpView, type PlatformEvent } from '@fc/contracts';
import { eventually, type ApiClient } from './support/api-client.js';
import { agentsFor, signIn, waitForOffer, type SignedInAgent } from './support/agents.js';
import { TestEnvironment } from './support/test-environment.js';
import { WebhookReceiver, verifyPlatformSignature } from './support/webhook-receiver.js';

const SECRET = 'callback-webhook-secret-0123456789-0123456789';
const ENDPOINT = 'sip:2001@pbx.example';

/**
 * Callbacks are calls (DESIGN §11): a long abandon's callback follow-up becomes an outbound call,
 * routed to a competent agent; on accept the platform is told to dial (`call.dial`, the only place
 * the number goes), and its dial results drive the tries, the supervisor's overdue follow-up, and
 * the follow-up's completion. The platform here is a real HTTP receiver.
 */
describe('callbacks are calls', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let receiver: WebhookReceiver;
  let agent: SignedInAgent;
  let supervisor: string;
  let sequence = 0;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    env = await TestEnvironment.create({
      OFFER_TIMEOUT_SEC: '30',
      LONG_ABANDON_SEC: '60',
      QUALITY_SAMPLE_RATE: '0',
      FOLLOW_UP_SWEEP_SEC: '1',
      CALLBACK_DIAL_TIMEOUT_SEC: '15',
      TELEPHONY_WEBHOOK_URL: receiver.url,
      TELEPHONY_WEBHOOK_SECRET: SECRET,
      TELEPHONY_WEBHOOK_RETRY_BASE_MS: '100',
    });
    ({ api } = await env.startApi());
    await env.startWorker();
    supervisor = (await api.login('super01')).accessToken;
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    const [username] = await agentsFor(env, 'passport');
    agent = await signIn(api, username!);
    await env.db.query('UPDATE agents SET endpoint = $2 WHERE id = $1', [agent.agentId, ENDPOINT]);
  });
  afterAll(async () => {
    await env.close();
    await receiver.close();
  });

  const arrive = async (callerNumber?: string) => {
    const response = await api.telephony('/calls', { externalId: `cb-${Date.now()}-${++sequence}`, topicKey: 'passport', language: 'nb', ...(callerNumber ? { callerNumber } : {}) });
    expect(response.status).toBe(201);
    return response.body.callId;
  };
  /** The platform events the receiver took for `callId`, in `seq` order. */
  const heard = (callId: string): PlatformEvent[] =>
    receiver
      .accepted()
      .filter((e) => e.callId === callId)
      .sort((a, b) => a.seq - b.seq);
  const waitToHear = (callId: string, type: PlatformEventType, count = 1) =>
    eventually(async () => (heard(callId).filter((e) => e.type === type).length >= count ? heard(callId) : undefined), `${count} × ${type} for ${callId}`, 10_000);
  const followUpOf = (followUpId: string) => api.request<FollowUpView>('GET', `/api/follow-ups/${followUpId}`, undefined, { token: supervisor });
  const stateOf = async (callId: string) => (await env.db.query<{ state: string }>('SELECT state FROM calls WHERE id = $1', [callId])).rows[0]!.state;
  const dialResult = (callId: string, result: string) => api.telephony(`/calls/${callId}/dial-result`, { result });

  /** The agent takes the callback when it is offered; the platform is told to dial. Returns the `call.dial` it heard. */
  const acceptAndHearDial = async (callbackId: string, attempt: number) => {
    expect((await api.setState(agent.token, 'available')).status).toBe(200);
    const offered = await waitForOffer(api, agent, callbackId, 10_000);
    expect(offered.offer).toMatchObject({ callId: callbackId, direction: 'callback', dialAttempts: attempt - 1 });
    const accepted = await api.callAction(agent.token, callbackId, 'accept');
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ state: 'dialling', dialAttempts: attempt });
    const events = await waitToHear(callbackId, PlatformEventType.Dial, attempt);
    return events.filter((e) => e.type === PlatformEventType.Dial).at(-1)!;
  };

  it('calls a long abandon back: dialled three times unanswered, then overdue with a supervisor; sent again, answered, completed, and the follow-up is done', async () => {
    const abandoned = await arrive('+4791234561');
    // Waited 10 minutes (the threshold is 60 s), without sleeping.
    await env.backdateCall(abandoned, 600_000);
    expect((await api.telephony(`/calls/${abandoned}/hangup`)).status).toBe(200);

    // The follow-up job makes the callback a call: queued for the topic, the follow-up in progress.
    const followUp = await eventually(
      async () => {
        const { rows } = await env.db.query<{ id: string; status: string; callback_call_id: string | null }>(
          `SELECT id, status, callback_call_id FROM follow_ups WHERE call_id = $1 AND kind = 'callback'`,
          [abandoned],
        );
        return rows[0]?.callback_call_id ? { ...rows[0], callback_call_id: rows[0].callback_call_id } : undefined;
      },
      'the callback follow-up with its call',
      15_000,
    );
    expect(followUp.status).toBe('in_progress');
    const callbackId = followUp.callback_call_id;
    const { rows: made } = await env.db.query('SELECT direction, callback_of_call_id FROM calls WHERE id = $1', [callbackId]);
    expect(made[0]).toEqual({ direction: 'callback', callback_of_call_id: abandoned });

    // Three tries, each unanswered; the agent is free again after each.
    for (let attempt = 1; attempt <= 3; attempt++) {
      const dial = await acceptAndHearDial(callbackId, attempt);
      expect(dial.data).toEqual({ agentId: agent.agentId, endpoint: ENDPOINT, number: '+4791234561' });
      const request = receiver.requests.find((r) => r.event.id === dial.id)!;
      expect(verifyPlatformSignature(SECRET, request.rawBody, request.signature)).toBe(true);

      const result = await dialResult(callbackId, 'no_answer');
      expect(result.status).toBe(200);
      expect(result.body).toEqual({ callId: callbackId, state: attempt < 3 ? 'scheduled' : 'unreachable' });
      expect((await api.me(agent.token)).body).toMatchObject({ state: 'available', activeCall: null });
      if (attempt < 3) {
        // The next try is ten minutes later (the default); brought forward, not waited for.
        const { rows } = await env.db.query<{ due_in_sec: number }>('SELECT extract(epoch FROM callback_due_at - now())::float AS due_in_sec FROM calls WHERE id = $1', [callbackId]);
        expect(rows[0]!.due_in_sec).toBeGreaterThan(590);
        expect(rows[0]!.due_in_sec).toBeLessThanOrEqual(600);
        expect((await api.setState(agent.token, 'offline')).status).toBe(200);
        await env.db.query(`UPDATE calls SET callback_due_at = now() WHERE id = $1`, [callbackId]);
        await eventually(async () => ((await stateOf(callbackId)) === 'queued' ? true : undefined), 'the next try back in the queue', 10_000);
      }
    }

    // After the last try: open, nobody's, overdue, escalated to the supervisors by the sweeper.
    const overdue = await eventually(
      async () => {
        const { body } = await followUpOf(followUp.id);
        return body.escalatedAt ? body : undefined;
      },
      'the unanswered callback escalated to supervisors',
      10_000,
    );
    expect(overdue).toMatchObject({
      status: 'open',
      timing: 'overdue',
      ownerUserId: null,
      result: 'caller not reached after 3 tries',
      callback: { callId: callbackId, state: 'unreachable', dialAttempts: 3 },
    });
    const list = await api.request<{ items: FollowUpView[] }>('GET', '/api/follow-ups?overdue=true&kind=callback', undefined, { token: supervisor });
    expect(list.body.items.map((f) => f.id)).toContain(followUp.id);

    // The platform heard of the callback only what concerns it: rings and dials, never a place in line.
    expect(heard(callbackId).map((e) => e.type)).toEqual(Array.from({ length: 3 }, () => [PlatformEventType.Ringing, PlatformEventType.Dial]).flat());
    // Every dial audited, and the number nowhere else: not in the call, the follow-up, or their lists.
    const { rows: audits } = await env.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'call.dial' AND entity_id = $1`, [callbackId]);
    expect(audits[0]!.n).toBe(3);
    for (const body of [(await api.getCall(supervisor, callbackId)).body, (await api.getCall(supervisor, abandoned)).body, overdue, list.body]) {
      expect(JSON.stringify(body)).not.toContain('91234561');
    }

    // The supervisor sends it again: a new callback call, answered this time, completed; the follow-up is done.
    const sent = await api.request<FollowUpView>('POST', `/api/follow-ups/${followUp.id}/callback`, undefined, { token: supervisor });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ status: 'in_progress', callback: { state: 'queued', dialAttempts: 0 } });
    const again = sent.body.callback!.callId;
    expect(again).not.toBe(callbackId);
    // Twice while it is under way: refused, nothing changed.
    const twice = await api.request('POST', `/api/follow-ups/${followUp.id}/callback`, undefined, { token: supervisor });
    expect(twice.status).toBe(409);
    expect((await env.db.query('SELECT count(*)::int AS n FROM calls WHERE callback_of_call_id = $1', [abandoned])).rows[0]).toEqual({ n: 2 });

    const dial = await acceptAndHearDial(again, 1);
    expect(dial.data.number).toBe('+4791234561');
    expect(await dialResult(again, 'answered')).toEqual({ status: 200, body: { callId: again, state: 'connected' } });
    // The agent sees a callback and what happened before it.
    const seen = await api.getCall(agent.token, again);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ direction: 'callback', callbackOfCallId: abandoned, callbackOf: { id: abandoned, state: 'abandoned', topicKey: 'passport' } });
    expect(seen.body.callbackOf!.waitedSec).toBeGreaterThanOrEqual(600);
    expect(seen.body.callbackOf!.events.map((e) => e.type)).toEqual(expect.arrayContaining(['arrived', 'queued', 'abandoned', 'follow_up_created']));
    expect(JSON.stringify(seen.body)).not.toContain('91234561');

    expect((await api.callAction(agent.token, again, 'end')).status).toBe(200);
    expect((await api.callAction(agent.token, again, 'outcome', { outcome: 'resolved', expectationAligned: true })).status).toBe(200);
    expect((await followUpOf(followUp.id)).body).toMatchObject({ status: 'done', result: 'called back: resolved', callback: { callId: again, state: 'completed', dialAttempts: 1 } });
    // The answered callback was told to release the caller when the agent ended the talk.
    expect((await waitToHear(again, PlatformEventType.Release)).map((e) => e.type)).toEqual([PlatformEventType.Ringing, PlatformEventType.Dial, PlatformEventType.Release]);
    expect((await api.setState(agent.token, 'offline')).status).toBe(200);
  });

  it('refuses a dial result for an unknown call, one out of turn, a second one, and a bad one, changing nothing', async () => {
    const waiting = await arrive('+4791234562');
    expect((await dialResult('6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b', 'answered')).status).toBe(404);
    // An inbound call being queued is not being dialled. (Routing may escalate it meanwhile: its state and its dial history are what must not move.)
    const dialHistory = async () =>
      (
        await env.db.query<{ state: string; dial_attempts: number; dial_events: number }>(
          `SELECT state, dial_attempts, (SELECT count(*)::int FROM call_events WHERE call_id = $1 AND type LIKE 'dial_%') AS dial_events FROM calls WHERE id = $1`,
          [waiting],
        )
      ).rows[0];
    const before = await dialHistory();
    expect((await dialResult(waiting, 'answered')).status).toBe(409);
    expect((await dialResult(waiting, 'maybe')).status).toBe(400);
    expect((await dialResult('not-a-uuid', 'answered')).status).toBe(400);
    expect(await dialHistory()).toEqual(before);
    expect(before).toEqual({ state: 'queued', dial_attempts: 0, dial_events: 0 });

    // A virtual hold: the callback call keeps the caller's place; accepted, dialled, answered; a second report is refused.
    const held = await api.telephony<{ callbackCallId: string }>(`/calls/${waiting}/callback`);
    expect(held.status).toBe(200);
    const callbackId = held.body.callbackCallId;
    await acceptAndHearDial(callbackId, 1);
    expect((await dialResult(callbackId, 'answered')).status).toBe(200);
    const answered = await env.fingerprint();
    expect((await dialResult(callbackId, 'answered')).status).toBe(409);
    expect((await dialResult(callbackId, 'no_answer')).status).toBe(409);
    expect(await env.fingerprint()).toEqual(answered);
    expect((await api.callAction(agent.token, callbackId, 'end')).status).toBe(200);
    expect((await api.callAction(agent.token, callbackId, 'outcome', { outcome: 'resolved', expectationAligned: true })).status).toBe(200);
    // The caller who chose the callback was told of their place when they queued, and nothing after: the callback call has no caller in line.
    expect((await waitToHear(callbackId, PlatformEventType.Release)).map((e) => e.type)).toEqual([PlatformEventType.Ringing, PlatformEventType.Dial, PlatformEventType.Release]);
    expect((await api.setState(agent.token, 'offline')).status).toBe(200);
  });

  it('frees the agent when the platform never reports how a dial went, and tries the callback again later', async () => {
    const waiting = await arrive('+4791234563');
    const held = await api.telephony<{ callbackCallId: string }>(`/calls/${waiting}/callback`);
    const callbackId = held.body.callbackCallId;
    await acceptAndHearDial(callbackId, 1);
    // No result for longer than the dial timeout (15 s here): moved back, not waited for.
    await env.db.query(`UPDATE calls SET dialled_at = dialled_at - interval '20 seconds' WHERE id = $1`, [callbackId]);
    await eventually(async () => ((await stateOf(callbackId)) === 'scheduled' ? true : undefined), 'the stalled dial given up on', 10_000);
    expect((await api.me(agent.token)).body).toMatchObject({ state: 'available', activeCall: null });
    const { rows } = await env.db.query<{ data: { result: string; attempt: number } }>(`SELECT data FROM call_events WHERE call_id = $1 AND type = 'dial_failed'`, [callbackId]);
    expect(rows.map((r) => r.data)).toEqual([expect.objectContaining({ result: 'timeout', attempt: 1 })]);
    expect((await api.setState(agent.token, 'offline')).status).toBe(200);
  });
});
