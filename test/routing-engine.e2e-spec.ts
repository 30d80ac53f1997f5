import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EscalationStep } from '@fc/contracts';
import { DataSource } from 'typeorm';
import { eventually, type ApiClient } from './support/api-client.js';
import { signIn, type SignedInAgent } from './support/agents.js';
import { TestEnvironment, type ApiInstance } from './support/test-environment.js';

/** The periodic tick, slowed to a minute (the most the config takes). */
const TICK_MS = 60_000;

/**
 * The routing engine's behaviours (DESIGN §4), each checked so that removing it fails the test.
 * The periodic tick is slowed to a minute: escalation must happen on time by itself.
 */
describe('the routing engine', () => {
  let env: TestEnvironment;
  let app: ApiInstance['app'];
  let api: ApiClient;
  let supervisorToken: string;
  let n = 0;
  const externalId = () => `engine-${++n}`;
  /** Before the api started: its first tick comes a minute after this, at the earliest. */
  let apiStarting: number;

  beforeAll(async () => {
    env = await TestEnvironment.create({ ROUTING_TICK_MS: String(TICK_MS) });
    apiStarting = Date.now();
    ({ app, api } = await env.startApi());
    supervisorToken = (await api.login('super01')).accessToken;
  });
  afterAll(() => env.close());

  /** Everyone offline; `skills` replaced for the named demo agents; returns them signed in. */
  async function floor(agents: Record<string, Record<string, number>>): Promise<Record<string, SignedInAgent>> {
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    const signedIn: Record<string, SignedInAgent> = {};
    for (const [username, skills] of Object.entries(agents)) {
      const { rows } = await env.db.query(`SELECT a.id FROM agents a JOIN users u ON u.id = a.user_id WHERE u.username = $1`, [username]);
      await env.db.query(`DELETE FROM agent_skills WHERE agent_id = $1`, [rows[0].id]);
      for (const [skill, proficiency] of Object.entries(skills)) {
        await env.db.query(`INSERT INTO agent_skills (agent_id, skill_id, proficiency) SELECT $1, id, $3 FROM skills WHERE key = $2`, [rows[0].id, skill, proficiency]);
      }
      signedIn[username] = await signIn(api, username);
    }
    return signedIn;
  }

  const setSteps = (topic: string, steps: EscalationStep[], priority = 0) =>
    env.db.query(`UPDATE topics SET escalation_steps = $2, priority = $3, min_proficiency = 1 WHERE key = $1`, [topic, JSON.stringify(steps), priority]);
  const offerOf = (agent: SignedInAgent) => eventually(async () => (await api.me(agent.token)).body.offer?.callId, `an offer to ${agent.username}`, 8000);
  const types = async (callId: string) => (await api.getCall(supervisorToken, callId)).body.events!.map((e) => e.type);
  const events = async (callId: string) => (await api.getCall(supervisorToken, callId)).body.events!;

  it('widens the pool when an escalation step falls due, on time and logged', async () => {
    await setSteps('tips', [
      { afterSec: 0, minProficiency: 5 },
      { afterSec: 2, minProficiency: 1 },
    ]);
    const { agent01: expert, agent02: junior } = await floor({ agent01: { tips: 5, 'lang:nb': 5 }, agent02: { tips: 1, 'lang:nb': 5 } });
    // The expert is logged in but on a break, so the expert-only step is real, not skipped.
    await api.setState(expert!.token, 'break', 'meeting');
    await api.setState(junior!.token, 'available');
    const { callId } = (await api.telephony('/calls', { externalId: externalId(), topicKey: 'tips', language: 'nb' })).body;
    // The round the arrival asked for saw the junior and offered them nothing.
    await env.routingRoundSawCall(callId);
    expect((await api.me(junior!.token)).body.offer).toBeNull();
    expect(await offerOf(junior!)).toBe(callId);
    const at = async (type: string) => Date.parse((await events(callId)).find((e) => e.type === type)!.at);
    const [queued, escalated] = [await at('queued'), await at('escalated')];
    // On time, as the journey log recorded it: not before the step fell due two seconds after the call queued...
    expect(escalated - queued).toBeGreaterThanOrEqual(2000);
    // ...and by the due-step timer: before the first one-minute tick could run.
    expect(escalated).toBeLessThan(apiStarting + TICK_MS);
    expect(await types(callId)).toEqual(['arrived', 'queued', 'escalated', 'offered']);
    expect((await events(callId))[2]).toMatchObject({ data: { fromStep: 0, toStep: 1, minProficiency: 1, skippedSteps: 0 } });
    await api.telephony(`/calls/${callId}/hangup`);
  });

  it('skips at once a step no logged-in agent could meet', async () => {
    await setSteps('tips', [
      { afterSec: 0, minProficiency: 5 },
      { afterSec: 60, minProficiency: 1 },
    ]);
    const { agent02: junior } = await floor({ agent02: { tips: 1, 'lang:nb': 5 } });
    await api.setState(junior!.token, 'available');
    const { callId } = (await api.telephony('/calls', { externalId: externalId(), topicKey: 'tips', language: 'nb' })).body;
    expect(await offerOf(junior!)).toBe(callId);
    expect((await events(callId)).find((e) => e.type === 'escalated')).toMatchObject({ data: { fromStep: 0, toStep: 1, skippedSteps: 1 } });
    await api.telephony(`/calls/${callId}/hangup`);
  });

  it('keeps the step a call has reached when someone who could meet an earlier step logs in', async () => {
    await setSteps('tips', [
      { afterSec: 0, minProficiency: 5 },
      { afterSec: 120, minProficiency: 1 },
    ]);
    // Nobody is logged in: the expert-only step is skipped at once.
    const { agent01: expert, agent02: junior } = await floor({ agent01: { tips: 5, 'lang:nb': 5 }, agent02: { tips: 1, 'lang:nb': 5 } });
    const { callId } = (await api.telephony('/calls', { externalId: externalId(), topicKey: 'tips', language: 'nb' })).body;
    await eventually(async () => ((await events(callId)).some((e) => e.type === 'escalated') ? true : undefined), 'the skip to the last step');
    expect((await events(callId)).find((e) => e.type === 'escalated')).toMatchObject({ data: { fromStep: 0, toStep: 1, skippedSteps: 1 } });
    // An expert logs in on a break (the first step could now be met), then the junior comes.
    await api.setState(expert!.token, 'break', 'meeting');
    await api.setState(junior!.token, 'available');
    // The call keeps its step: the junior meets it and is offered the call now, not in two minutes.
    expect(await offerOf(junior!)).toBe(callId);
    expect((await events(callId)).filter((e) => e.type === 'escalated').map((e) => e.data.toStep)).toEqual([1]);
    await api.telephony(`/calls/${callId}/hangup`);
  });

  it('serves a transferred caller before fresher calls of the new topic', async () => {
    await setSteps('tips', []);
    await setSteps('passport', []);
    const { agent03: first, agent04: second } = await floor({ agent03: { passport: 3, 'lang:nb': 5 }, agent04: { tips: 3, 'lang:nb': 5 } });
    // A tips call waits with nobody to take it...
    const waiting = (await api.telephony('/calls', { externalId: externalId(), topicKey: 'tips', language: 'nb' })).body.callId;
    // ...then a newer passport call is answered and transferred to tips.
    await api.setState(first!.token, 'available');
    const moved = (await api.telephony('/calls', { externalId: externalId(), topicKey: 'passport', language: 'nb' })).body.callId;
    expect(await offerOf(first!)).toBe(moved);
    await api.callAction(first!.token, moved, 'accept');
    expect((await api.callAction(first!.token, moved, 'transfer', { topicKey: 'tips' })).body).toMatchObject({ state: 'queued', priority: 10 });
    await api.setState(second!.token, 'available');
    expect(await offerOf(second!)).toBe(moved);
    for (const callId of [waiting, moved]) await api.telephony(`/calls/${callId}/hangup`);
  });

  it('keeps a callback in the caller’s original place in the queue', async () => {
    await setSteps('foreigners', []);
    const { agent05: agent } = await floor({ agent05: { foreigners: 4, 'lang:nb': 5 } });
    const early = (await api.telephony('/calls', { externalId: externalId(), callerNumber: '+4790000001', topicKey: 'foreigners', language: 'nb' })).body.callId;
    const later = (await api.telephony('/calls', { externalId: externalId(), callerNumber: '+4790000002', topicKey: 'foreigners', language: 'nb' })).body.callId;
    const { callbackCallId } = (await api.telephony<{ callbackCallId: string }>(`/calls/${early}/callback`)).body;
    await api.setState(agent!.token, 'available');
    expect(await offerOf(agent!)).toBe(callbackCallId);
    for (const callId of [callbackCallId, later]) await api.telephony(`/calls/${callId}/hangup`);
  });

  it('tells the telephony platform when escalation reaches the callback offer', async () => {
    await setSteps('firearms', [
      { afterSec: 0, minProficiency: 5 },
      { afterSec: 1, offerCallback: true },
    ]);
    const { agent06: expert } = await floor({ agent06: { firearms: 5, 'lang:nb': 5 } });
    await api.setState(expert!.token, 'break', 'training');
    const { callId } = (await api.telephony('/calls', { externalId: externalId(), callerNumber: '+4790000003', topicKey: 'firearms', language: 'nb' })).body;
    expect((await api.telephony(`/calls/${callId}`, undefined)).status).toBe(404); // POST is not the status route
    const status = () => api.request<{ callbackOffered: boolean; state: string }>('GET', `/api/telephony/calls/${callId}`, undefined, { apiKey: 'test-telephony-key-0123456789' });
    expect((await status()).body).toMatchObject({ state: 'queued', callbackOffered: false });
    await eventually(async () => ((await status()).body.callbackOffered ? true : undefined), 'callback offer', 5000);
    expect((await events(callId)).find((e) => e.type === 'escalated')).toMatchObject({ data: { toStep: 1, offerCallback: true } });
    await api.telephony(`/calls/${callId}/hangup`);
  });

  it('offers the callback at once when the first step already says so, without logging a step change', async () => {
    await setSteps('driving_licence', [{ afterSec: 0, offerCallback: true }]);
    await floor({});
    const { callId } = (await api.telephony('/calls', { externalId: externalId(), callerNumber: '+4790000004', topicKey: 'driving_licence', language: 'nb' })).body;
    const status = () => api.request<{ callbackOffered: boolean }>('GET', `/api/telephony/calls/${callId}`, undefined, { apiKey: 'test-telephony-key-0123456789' });
    await eventually(async () => ((await status()).body.callbackOffered ? true : undefined), 'callback offer on the first step', 3000);
    expect(await types(callId)).toEqual(['arrived', 'queued']);
    await api.telephony(`/calls/${callId}/hangup`);
  });

  it('logs every agent state change with the call that caused it', async () => {
    const { rows } = await env.db.query(
      `SELECT e.state, e.call_id IS NOT NULL AS for_call FROM agent_events e JOIN agents a ON a.id = e.agent_id JOIN users u ON u.id = a.user_id
        WHERE u.username = 'agent03' ORDER BY e.at`,
    );
    expect(rows).toEqual([
      { state: 'available', for_call: false },
      { state: 'reserved', for_call: true },
      { state: 'on_call', for_call: true },
      { state: 'available', for_call: true },
    ]);
    await expect(env.db.query(`DELETE FROM agent_events`)).rejects.toThrow('agent_events is append-only');
  });

  it('offers a call while requests hold every connection of the process’s pool: rounds have their own', async () => {
    await setSteps('tips', []);
    const { agent04: agent } = await floor({ agent04: { tips: 3, 'lang:nb': 3 } });
    await api.setState(agent!.token, 'available');
    // As under load: every connection the process's requests draw on is in use.
    const requestPool = app.get(DataSource);
    const size = (requestPool.options as { poolSize?: number }).poolSize!;
    const held = await Promise.all(
      Array.from({ length: size }, async () => {
        const runner = requestPool.createQueryRunner();
        await runner.startTransaction();
        return runner;
      }),
    );
    let callId: string;
    try {
      // The call comes by the database itself: a request could not get a connection now.
      ({
        rows: [{ id: callId }],
      } = await env.db.query<{ id: string }>(
        `INSERT INTO calls (external_id, state, topic_id, language, arrived_at, queued_at, waiting_since)
         SELECT $1, 'queued', id, 'nb', now(), now(), now() FROM topics WHERE key = 'tips' RETURNING id`,
        [externalId()],
      ));
      const offeredTo = async () => (await env.db.query<{ agent_id: string }>(`SELECT agent_id FROM calls WHERE id = $1 AND state = 'offered'`, [callId])).rows[0]?.agent_id;
      expect(await eventually(offeredTo, 'the offer, while the pool is taken')).toBe(agent!.agentId);
    } finally {
      await Promise.all(held.map(async (runner) => runner.rollbackTransaction().finally(() => runner.release())));
    }
    await api.telephony(`/calls/${callId}/hangup`);
  });

  it('announces a new call once, queued at the step its topic reaches at 0 s, as after a transfer; the rounds that offer it write only the offer', async () => {
    await setSteps('tips', [
      { afterSec: 0, minProficiency: 2 },
      { afterSec: 600, minProficiency: 1 },
    ]);
    await setSteps('passport', [{ afterSec: 0, minProficiency: 3 }]);
    const { agent07: tips, agent08: passport } = await floor({ agent07: { tips: 3, 'lang:nb': 5 }, agent08: { passport: 3, 'lang:nb': 5 } });
    // Logged in but on a break: each topic's first step could be met, so none is skipped.
    for (const agent of [tips!, passport!]) await api.setState(agent.token, 'break', 'meeting');
    // Every change of the call the feed announces to every api process, as they come.
    const feed = await env.db.connect();
    const announced: { id: string; state: string; escalationStep: number }[] = [];
    feed.on('notification', (message) => announced.push(JSON.parse(message.payload!) as (typeof announced)[number]));
    await feed.query('LISTEN floor_changes');
    try {
      const { callId } = (await api.telephony('/calls', { externalId: externalId(), topicKey: 'tips', language: 'nb' })).body;
      const seenOf = (id: string) => announced.filter((change) => change.id === id).map(({ state, escalationStep }) => `${state}@${escalationStep}`);
      const seen = () => seenOf(callId);
      // The arrival itself put the call at step 0, whether or not a round has looked at it yet.
      expect((await env.db.query('SELECT escalation_step FROM calls WHERE id = $1', [callId])).rows).toEqual([{ escalation_step: 0 }]);
      await api.setState(tips!.token, 'available');
      expect(await offerOf(tips!)).toBe(callId);
      await api.callAction(tips!.token, callId, 'accept');
      // Moved to passport, where nobody is available: it starts at passport's first step at once.
      expect((await api.callAction(tips!.token, callId, 'transfer', { topicKey: 'passport' })).status).toBe(200);
      expect((await env.db.query('SELECT escalation_step FROM calls WHERE id = $1', [callId])).rows).toEqual([{ escalation_step: 0 }]);
      await api.setState(passport!.token, 'available');
      expect(await offerOf(passport!)).toBe(callId);
      // Created and queued in one transaction, it was announced once, queued; the rounds that
      // offered it wrote the offer and nothing else, no step of its own first.
      await eventually(async () => (seen().at(-1) === 'offered@0' && seen().length >= 5 ? true : undefined), 'the second offer announced');
      expect(seen()).toEqual(['queued@0', 'offered@0', 'connected@0', 'queued@0', 'offered@0']);
      expect(await types(callId)).toEqual(['arrived', 'queued', 'offered', 'connected', 'transferred', 'offered']);
      await api.telephony(`/calls/${callId}/hangup`);

      // A callback is created and queued in one transaction too (nobody here takes foreigners).
      const { callId: asking } = (await api.telephony('/calls', { externalId: externalId(), callerNumber: '+4790000005', topicKey: 'foreigners', language: 'nb' })).body;
      const { callbackCallId } = (await api.telephony<{ callbackCallId: string }>(`/calls/${asking}/callback`)).body;
      await api.telephony(`/calls/${callbackCallId}/hangup`);
      const statesOf = (id: string) => announced.filter((change) => change.id === id).map(({ state }) => state);
      await eventually(async () => (statesOf(callbackCallId).length >= 2 ? true : undefined), 'the callback and its end announced');
      expect(statesOf(callbackCallId)).toEqual(['queued', 'abandoned']);
    } finally {
      feed.release();
    }
  });
});
