import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { PlatformEventType, type PlatformEvent } from '@fc/contracts';
import type { INestApplication } from '@nestjs/common';
import type { ChildProcess } from 'node:child_process';
import { eventually, type ApiClient } from './support/api-client.js';
import { agentsFor, liveFloorCaughtUp, onlyAvailable as onlyAvailableOn, signIn, waitForOffer } from './support/agents.js';
import { TestEnvironment } from './support/test-environment.js';
import { WebhookReceiver, verifyPlatformSignature } from './support/webhook-receiver.js';

// Every platform event type the journey emits, as the platform receives it: the real api and
// worker decide, the worker POSTs to a real HTTP receiver, and each request is checked with the
// integrators' snippet. Rows written by a test are in platform-webhook.e2e-spec.ts; here only the
// journey writes. `call.dial` is tested with callbacks (test/callbacks.e2e-spec.ts), through the same receiver.

const SECRET = 'test-webhook-secret-0123456789-0123456789';
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** The receiver's events in the order it took them, those of `callId`. */
const takenFor = (receiver: WebhookReceiver, callId: string) => receiver.accepted().filter((e) => e.callId === callId);
/** What the platform acts on but `call.position`, which a slow run may add while a call waits. */
const decisions = (events: readonly PlatformEvent[]) => events.filter((e) => e.type !== PlatformEventType.Position).map((e) => e.type);

describe('platform events from the journey, through a real webhook receiver', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let app: INestApplication;
  let receiver: WebhookReceiver;
  let sequence = 0;
  const hangUps: string[] = [];

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    env = await TestEnvironment.create({ TELEPHONY_WEBHOOK_URL: receiver.url, TELEPHONY_WEBHOOK_SECRET: SECRET, TELEPHONY_WEBHOOK_RETRY_BASE_MS: '50', OFFER_TIMEOUT_SEC: '3' });
    ({ api, app } = await env.startApi());
    await env.startWorker();
  });
  afterEach(async () => {
    // A call left waiting would be offered, announced or escalated into the next test.
    for (const callId of hangUps.splice(0)) await api.telephony(`/calls/${callId}/hangup`);
  });
  afterAll(async () => {
    await env.close();
    await receiver.close();
  });

  const setSteps = (topic: string, steps: unknown[]) => env.db.query(`UPDATE topics SET escalation_steps = $2, min_proficiency = 1 WHERE key = $1`, [topic, JSON.stringify(steps)]);
  async function arrive(topicKey: string): Promise<{ callId: string; externalId: string }> {
    const externalId = `journey-${Date.now()}-${++sequence}`;
    const created = await api.telephony('/calls', { externalId, callerNumber: '+4791234567', topicKey, language: 'nb' });
    expect(created.status).toBe(201);
    hangUps.push(created.body.callId);
    return { callId: created.body.callId, externalId };
  }
  const onlyAvailable = (topic: string, endpoint: string | null, skip = 0) => onlyAvailableOn({ env, api, app }, topic, endpoint, skip);

  /**
   * Waits until the receiver has taken `callId`'s events up to the decisions `expected` (ignoring
   * `call.position`), then checks what it got: the types, each body's shape, `seq` 1, 2, 3… in the
   * order taken, each the journey's stored event (id, seq, type, time) now marked delivered, every
   * request for the call signed as the snippet verifies, none sent ahead of an earlier one.
   */
  async function heard(call: { callId: string; externalId: string }, expected: PlatformEventType[], timeoutMs = 10_000): Promise<PlatformEvent[]> {
    const delivered = async (through: number) =>
      (await env.db.query('SELECT 1 FROM platform_events WHERE call_id = $1 AND seq <= $2 AND delivered_at IS NOT NULL', [call.callId, through])).rowCount === through;
    // The receiver answers before the worker commits what it answered: both, before checking.
    const events = await eventually(
      async () => {
        const taken = takenFor(receiver, call.callId);
        return decisions(taken).length >= expected.length && (await delivered(taken.length)) ? taken : undefined;
      },
      `${expected.join(', ')} for ${call.callId} at the receiver`,
      timeoutMs,
    );
    // A call back in line may already be offered anew: the decisions asked for come first.
    expect(decisions(events).slice(0, expected.length)).toEqual(expected);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const { rows } = await env.db.query<{ id: string; seq: number; type: string; at: Date; delivered: boolean }>(
      'SELECT id, seq, type, at, delivered_at IS NOT NULL AS delivered FROM platform_events WHERE call_id = $1 AND seq <= $2 ORDER BY seq',
      [call.callId, events.length],
    );
    expect(rows.map((r) => ({ id: r.id, seq: r.seq, type: r.type, at: r.at.toISOString(), delivered: r.delivered }))).toEqual(
      events.map((e) => ({ id: e.id, seq: e.seq, type: e.type, at: e.at, delivered: true })),
    );
    for (const event of events)
      expect(event).toEqual({ id: event.id, callId: call.callId, externalId: call.externalId, seq: event.seq, type: event.type, at: expect.stringMatching(ISO), data: expect.any(Object) });
    const requests = receiver.requests.filter((r) => r.event.callId === call.callId);
    expect(requests.filter((r) => !verifyPlatformSignature(SECRET, r.rawBody, r.signature)).length).toBe(0);
    expect(receiver.requestsAheadOfTheirCall()).toEqual([]);
    return events.filter((e) => e.type !== PlatformEventType.Position);
  }
  const place = (topicKey: string, position: number) => ({ topicKey, position, estimatedWaitSec: expect.any(Number) });

  it('call.queued, call.ringing, call.connect and call.release for a call an agent takes and ends', async () => {
    await setSteps('passport', []);
    const agent = await onlyAvailable('passport', 'sip:1001@pbx.example');
    const call = await arrive('passport');
    const offer = await waitForOffer(api, agent, call.callId);
    expect((await api.callAction(agent.token, call.callId, 'accept')).status).toBe(200);
    expect((await api.callAction(agent.token, call.callId, 'end')).status).toBe(200);
    expect((await api.callAction(agent.token, call.callId, 'outcome', { outcome: 'resolved', expectationAligned: true })).status).toBe(200);

    const [queued, ringing, connect, release] = await heard(call, [PlatformEventType.Queued, PlatformEventType.Ringing, PlatformEventType.Connect, PlatformEventType.Release]);
    // One idle qualified agent and this the only caller: first in line, no wait.
    expect(queued!.data).toEqual({ topicKey: 'passport', position: 1, estimatedWaitSec: 0 });
    expect(ringing!.data).toEqual({ agentId: agent.agentId, endpoint: 'sip:1001@pbx.example', expiresAt: offer.offer!.expiresAt });
    expect(connect!.data).toEqual({ agentId: agent.agentId, endpoint: 'sip:1001@pbx.example' });
    expect(release!.data).toEqual({});
  });

  it('call.requeued with the new place when the agent declines, and when the offer runs out', async () => {
    await setSteps('tips', []);
    const decliner = await onlyAvailable('tips', '1001');
    const declined = await arrive('tips');
    await waitForOffer(api, decliner, declined.callId);
    expect((await api.callAction(decliner.token, declined.callId, 'decline')).status).toBe(200);
    const [, ringing, requeued] = await heard(declined, [PlatformEventType.Queued, PlatformEventType.Ringing, PlatformEventType.Requeued]);
    expect(ringing!.data).toMatchObject({ agentId: decliner.agentId, endpoint: '1001' });
    expect(requeued!.data).toEqual(place('tips', 1));
    await api.telephony(`/calls/${declined.callId}/hangup`);

    // Nobody answers: the offer runs out after OFFER_TIMEOUT_SEC (3) and the caller is back in line.
    const silent = await onlyAvailable('tips', null, 1);
    const unanswered = await arrive('tips');
    await waitForOffer(api, silent, unanswered.callId);
    const [, rang, expired] = await heard(unanswered, [PlatformEventType.Queued, PlatformEventType.Ringing, PlatformEventType.Requeued], 10_000);
    expect(rang!.data).toMatchObject({ agentId: silent.agentId, endpoint: null });
    // The agent who let it ring out may no longer count as idle: the estimate is a number or none.
    expect(Object.keys(expired!.data).sort()).toEqual(['estimatedWaitSec', 'position', 'topicKey']);
    expect(expired!.data).toMatchObject({ topicKey: 'tips', position: 1 });
    const wait = (expired!.data as { estimatedWaitSec: unknown }).estimatedWaitSec;
    expect(wait === null || typeof wait === 'number').toBe(true);
  });

  it('call.transfer to the receiving agent, and call.requeued with the new topic’s place on a transfer to a topic', async () => {
    await setSteps('passport', []);
    await setSteps('firearms', []);
    const first = await onlyAvailable('passport', 'sip:2001@pbx.example');
    const second = await signIn(api, (await agentsFor(env, 'passport', 1))[1]!);
    await env.db.query('UPDATE agents SET endpoint = $2 WHERE id = $1', [second.agentId, 'sip:2002@pbx.example']);
    const moved = await arrive('passport');
    await waitForOffer(api, first, moved.callId);
    expect((await api.callAction(first.token, moved.callId, 'accept')).status).toBe(200);
    expect((await api.setState(second.token, 'available')).status).toBe(200);
    expect((await api.callAction(first.token, moved.callId, 'transfer', { agentId: second.agentId })).status).toBe(200);
    const [, , connect, transfer] = await heard(moved, [PlatformEventType.Queued, PlatformEventType.Ringing, PlatformEventType.Connect, PlatformEventType.Transfer]);
    expect(connect!.data).toEqual({ agentId: first.agentId, endpoint: 'sip:2001@pbx.example' });
    expect(transfer!.data).toEqual({ agentId: second.agentId, endpoint: 'sip:2002@pbx.example' });

    const agent = await onlyAvailable('passport', 'sip:2003@pbx.example', 2);
    const toTopic = await arrive('passport');
    await waitForOffer(api, agent, toTopic.callId);
    expect((await api.callAction(agent.token, toTopic.callId, 'accept')).status).toBe(200);
    expect((await api.callAction(agent.token, toTopic.callId, 'transfer', { topicKey: 'firearms' })).body.state).toBe('queued');
    const [, , , requeued] = await heard(toTopic, [PlatformEventType.Queued, PlatformEventType.Ringing, PlatformEventType.Connect, PlatformEventType.Requeued]);
    expect(Object.keys(requeued!.data).sort()).toEqual(['estimatedWaitSec', 'position', 'topicKey']);
    expect(requeued!.data).toMatchObject({ topicKey: 'firearms', position: 1 });
  });

  it('call.position when a caller ahead leaves and the last announcement is 10 s old', async () => {
    await setSteps('foreigners', []);
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    await liveFloorCaughtUp(app, env);
    const calls = [await arrive('foreigners'), await arrive('foreigners'), await arrive('foreigners')];
    for (const [i, call] of calls.entries()) {
      // Nobody qualified is logged in: no estimate.
      const [queued] = await heard(call, [PlatformEventType.Queued]);
      expect(queued!.data).toEqual({ topicKey: 'foreigners', position: i + 1, estimatedWaitSec: null });
    }
    // The first caller hangs up: the others move up. The platform hears it once what it last heard
    // is 10 s old; that time is moved back rather than waited for.
    await api.telephony(`/calls/${calls[0]!.callId}/hangup`);
    await env.db.query(`UPDATE platform_events SET at = at - interval '10 seconds' WHERE call_id = ANY($1)`, [calls.map((c) => c.callId)]);
    for (const [i, call] of calls.slice(1).entries()) {
      const position = await eventually(async () => takenFor(receiver, call.callId).find((e) => e.type === PlatformEventType.Position), `call.position for caller ${i + 2}`, 10_000);
      expect(position.data).toEqual({ topicKey: 'foreigners', position: i + 1, estimatedWaitSec: null });
      const events = takenFor(receiver, call.callId);
      expect(events.map((e) => [e.seq, e.type])).toEqual([
        [1, PlatformEventType.Queued],
        [2, PlatformEventType.Position],
      ]);
      const request = receiver.requests.find((r) => r.event.id === position.id)!;
      expect(verifyPlatformSignature(SECRET, request.rawBody, request.signature)).toBe(true);
      expect(position).toEqual({ id: position.id, callId: call.callId, externalId: call.externalId, seq: 2, type: 'call.position', at: expect.stringMatching(ISO), data: position.data });
    }
  });

  it('call.callback_offer when the wait reaches an escalation step that offers a callback', async () => {
    await setSteps('driving_licence', [{ afterSec: 60, offerCallback: true }]);
    // A qualified agent logged in but on a break: nobody takes the call, and its step is not passed
    // over at once as one nobody logged in could ever meet.
    const agent = await onlyAvailable('driving_licence', '1001');
    expect((await api.setState(agent.token, 'break', 'training')).status).toBe(200);
    const call = await arrive('driving_licence');
    await heard(call, [PlatformEventType.Queued]);
    // Not before its time: a routing round that saw the call wrote it no callback offer.
    await env.routingRoundSawCall(call.callId);
    const { rows } = await env.db.query<{ type: string }>('SELECT type FROM platform_events WHERE call_id = $1 ORDER BY seq', [call.callId]);
    expect(rows.map((r) => r.type)).toEqual([PlatformEventType.Queued]);
    // A minute of waiting, moved into the past rather than sat through.
    await env.backdateCall(call.callId, 61_000);
    const [, offer] = await heard(call, [PlatformEventType.Queued, PlatformEventType.CallbackOffer]);
    expect(offer!.data).toEqual({ topicKey: 'driving_licence' });
  });
});

describe('platform events when the api and the worker are killed between commit and delivery', () => {
  let env: TestEnvironment;
  let receiver: WebhookReceiver;
  let sequence = 0;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    env = await TestEnvironment.create({
      TELEPHONY_WEBHOOK_URL: receiver.url,
      TELEPHONY_WEBHOOK_SECRET: SECRET,
      // Retries come quickly while the receiver refuses, so a refused event is retried before the kill.
      TELEPHONY_WEBHOOK_RETRY_BASE_MS: '100',
      // A request the receiver leaves hanging is still open when the worker is killed.
      TELEPHONY_WEBHOOK_TIMEOUT_MS: '60000',
    });
  });
  afterAll(async () => {
    await env.close();
    await receiver.close();
  });

  const kill = async (child: ChildProcess) => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };

  it('delivers every committed event after a restart, each once after de-duplication, in seq order per call', async () => {
    receiver.answer = () => 503;
    const first = await env.spawnApi();
    const api = first.api;
    const worker = await env.spawnWorker();
    for (const topic of ['passport', 'tips', 'firearms']) await env.db.query(`UPDATE topics SET escalation_steps = '[]', min_proficiency = 1 WHERE key = $1`, [topic]);
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    const agent = await signIn(api, (await agentsFor(env, 'passport', 1))[0]!);
    await env.db.query('UPDATE agents SET endpoint = $2 WHERE id = $1', [agent.agentId, '1001']);
    const arrive = async (topicKey: string) => (await api.telephony('/calls', { externalId: `crash-${Date.now()}-${++sequence}`, topicKey, language: 'nb' })).body.callId as string;

    // Calls through their journeys, every event refused at the receiver: taken and ended, declined,
    // moved to another topic, left waiting. Each ends (completed or hung up) so that nothing is
    // decided after the restart and the events committed now are all there will be.
    expect((await api.setState(agent.token, 'available')).status).toBe(200);
    const taken = await arrive('passport');
    await waitForOffer(api, agent, taken);
    for (const [action, body] of [['accept'], ['end'], ['outcome', { outcome: 'resolved', expectationAligned: true }]] as const) {
      expect((await api.callAction(agent.token, taken, action, body)).status).toBe(200);
    }
    const declined = await arrive('passport');
    await waitForOffer(api, agent, declined);
    expect((await api.callAction(agent.token, declined, 'decline')).status).toBe(200);
    await api.telephony(`/calls/${declined}/hangup`);
    const moved = await arrive('passport');
    await waitForOffer(api, agent, moved);
    expect((await api.callAction(agent.token, moved, 'accept')).status).toBe(200);
    expect((await api.callAction(agent.token, moved, 'transfer', { topicKey: 'tips' })).status).toBe(200);
    await api.telephony(`/calls/${moved}/hangup`);
    expect((await api.setState(agent.token, 'break', 'training')).status).toBe(200);
    const waiting = [await arrive('firearms'), await arrive('firearms')];
    for (const callId of waiting) await api.telephony(`/calls/${callId}/hangup`);
    const calls = [taken, declined, moved, ...waiting];

    // The facts before the kill: every call's first event refused at least once, nothing delivered.
    await eventually(async () => (calls.every((callId) => receiver.requests.some((r) => r.event.callId === callId && r.status === 503)) ? true : undefined), 'a refusal for every call', 15_000);
    // Then the receiver stops answering: the next request, a new call's first event or a refused
    // one's retry (whichever the worker sends first: its slots may all be waiting on retries), is
    // left open, so a request is in flight when the processes die.
    receiver.answer = () => 'hang';
    const hanging = await arrive('firearms');
    await eventually(async () => (receiver.requests.some((r) => r.status === 0) ? true : undefined), 'a request left hanging', 15_000);
    await api.telephony(`/calls/${hanging}/hangup`);
    // One more call commits its events just before the kill: its jobs may not even have reached the queue.
    const last = await arrive('firearms');
    await api.telephony(`/calls/${last}/hangup`);
    await Promise.all([kill(first.child), kill(worker)]);

    const { rows: committed } = await env.db.query<{ id: string; call_id: string; seq: number; type: string; delivered: boolean }>(
      'SELECT id, call_id, seq, type, delivered_at IS NOT NULL AS delivered FROM platform_events ORDER BY call_id, seq',
    );
    expect(new Set(committed.map((e) => e.call_id))).toEqual(new Set([...calls, hanging, last]));
    expect(committed.filter((e) => e.delivered)).toEqual([]);
    expect(receiver.accepted()).toEqual([]);
    // Each journey above told the platform something: queued at least, more for the agent's calls.
    expect(committed.filter((e) => e.call_id === taken).map((e) => e.type)).toEqual(['call.queued', 'call.ringing', 'call.connect', 'call.release']);

    receiver.answer = () => 204;
    await env.spawnApi();
    await env.spawnWorker();
    await eventually(
      async () => {
        const { rows } = await env.db.query<{ n: number }>('SELECT count(*)::int AS n FROM platform_events WHERE delivered_at IS NULL');
        return rows[0]!.n === 0 && receiver.accepted().length >= committed.length ? true : undefined;
      },
      `all ${committed.length} committed events delivered after the restart`,
      60_000,
    );

    const accepted = receiver.accepted();
    // Exactly the committed events, each once after de-duplication by id, and nothing decided since.
    expect(accepted.map((e) => e.id).sort()).toEqual(committed.map((e) => e.id).sort());
    expect(Number((await env.db.query<{ n: number }>('SELECT count(*)::int AS n FROM platform_events')).rows[0]!.n)).toBe(committed.length);
    for (const callId of [...calls, hanging, last]) {
      const got = accepted.filter((e) => e.callId === callId);
      expect(got.map((e) => [e.seq, e.type])).toEqual(committed.filter((e) => e.call_id === callId).map((e) => [e.seq, e.type]));
      expect(got.map((e) => e.seq)).toEqual(got.map((_, i) => i + 1));
    }
    expect(receiver.requestsAheadOfTheirCall()).toEqual([]);
    expect(receiver.requests.filter((r) => !verifyPlatformSignature(SECRET, r.rawBody, r.signature)).length).toBe(0);
  }, 120_000);
});
