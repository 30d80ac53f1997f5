import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Ack, AgentMeView, AgentOfferEvent, AgentStateEvent, FloorAlert } from '@fc/contracts';
import { seededRandom } from '@fc/domain';
import { RoutingActions } from '@fc/journey';
import { demoScenario } from '@fc/simulation';
import { Redis } from 'ioredis';
import { AgentBot } from '../apps/simulator/src/live/agent-bot.js';
import { CallBook } from '../apps/simulator/src/live/call-book.js';
import { DutyRoster } from '../apps/simulator/src/live/duty-roster.js';
import { LiveApi } from '../apps/simulator/src/live/live-api.js';
import { SimulatedClock } from '../apps/simulator/src/live/simulated-clock.js';
import { eventually, type ApiClient } from './support/api-client.js';
import { agentsFor, signIn, waitForOffer, workCall, type SignedInAgent } from './support/agents.js';
import { SupervisorScreen, openSocket, type AgentSocket } from './support/sockets.js';
import { TELEPHONY_KEY, TestEnvironment, freePort } from './support/test-environment.js';
import { TEST_REDIS_URL } from './support/test-run.js';

/** An agent's console as the test holds it: its socket and what arrived on it. */
interface OpenConsole {
  socket: AgentSocket;
  offers: AgentOfferEvent[];
  states: AgentStateEvent[];
}

interface JourneyRow {
  type: string;
  agent_id: string | null;
  at: Date;
  data: Record<string, unknown>;
  xact_id: string;
}

/**
 * Issue 14: an agent whose console goes away (its last `/agent` socket gone, on any api process,
 * and not back within CONSOLE_LOST_GRACE_SEC) is taken off the phones, and an offer in hand goes
 * back to the queue at once instead of ringing out. The offer timeout here is 60 s and the grace
 * 1 s, so only the revocation — never the expiry — can make these pass.
 */
describe('a console that goes away', () => {
  const GRACE = { CONSOLE_LOST_GRACE_SEC: '1' };
  let env: TestEnvironment;
  let a: ApiClient;
  let b: ApiClient;
  let supervisorToken: string;
  let sequence = 0;
  const closeLater: { close(): void }[] = [];

  beforeAll(async () => {
    env = await TestEnvironment.create({ OFFER_TIMEOUT_SEC: '60', WRAP_UP_TIMEOUT_SEC: '5', ...GRACE });
    ({ api: a } = await env.startApi());
    ({ api: b } = await env.startApi());
    supervisorToken = (await a.login('super01')).accessToken;
  });
  afterAll(async () => {
    for (const s of closeLater) s.close();
    await env.close();
  });

  /** Nobody available and nobody waiting, so a test's own calls and agents are the only ones. */
  const reset = async () => {
    const { rows } = await env.db.query<{ id: string }>(`SELECT id FROM calls WHERE state IN ('queued', 'offered')`);
    for (const { id } of rows) expect((await a.telephony(`/calls/${id}/hangup`)).status).toBe(200);
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL WHERE state IN ('available', 'break')`);
  };
  /**
   * Agents no earlier test here has used: a console an earlier test left open would rightly keep
   * its agent on the phones. With `without`, agents who cannot answer that topic at all.
   */
  const used = new Set<string>();
  const pick = async (topicKey: string, count = 1, without = false) => {
    const qualified = await agentsFor(env, topicKey);
    const { rows } = await env.db.query<{ username: string }>(`SELECT u.username FROM agents a JOIN users u ON u.id = a.user_id ORDER BY u.username`);
    const candidates = without ? rows.map((r) => r.username).filter((name) => !qualified.includes(name)) : qualified;
    const picked = candidates.filter((name) => !used.has(name)).slice(0, count);
    expect(picked).toHaveLength(count);
    for (const name of picked) used.add(name);
    return picked;
  };
  /** The agent ends the call in hand and records its outcome, so they are free for the next test. */
  const finish = async (api: ApiClient, agent: SignedInAgent, callId: string) => {
    expect((await api.callAction(agent.token, callId, 'end')).status).toBe(200);
    expect((await api.callAction(agent.token, callId, 'outcome', { outcome: 'resolved', expectationAligned: true })).status).toBe(200);
  };
  const arrive = (api: ApiClient, topicKey: string) => api.telephony('/calls', { externalId: `lost-${Date.now()}-${++sequence}`, topicKey, language: 'nb' });
  const screen = async (api: ApiClient) => {
    const view = await SupervisorScreen.open(api.baseUrl, supervisorToken);
    closeLater.push(view);
    return view;
  };
  /** Opens the agent's `/agent` socket, as the console does, and waits for the state it gets on connect. */
  const openConsole = async (api: ApiClient, agent: SignedInAgent): Promise<OpenConsole> => {
    const socket = openSocket<AgentSocket>(api.baseUrl, '/agent', agent.token);
    closeLater.push(socket);
    const opened: OpenConsole = { socket, offers: [], states: [] };
    socket.on('offer', (offer) => opened.offers.push(offer));
    socket.on('state', (state) => opened.states.push(state));
    await eventually(async () => (opened.states.length > 0 ? true : undefined), `${agent.username}'s state on connect`);
    return opened;
  };
  const goAvailable = async (opened: OpenConsole) => {
    const ack = (await opened.socket.timeout(5000).emitWithAck('state', { state: 'available' })) as Ack<AgentMeView>;
    expect(ack).toMatchObject({ ok: true, data: { state: 'available' } });
  };
  const journey = async (callId: string) => (await env.db.query<JourneyRow>(`SELECT type, agent_id, at, data, xact_id::text FROM call_events WHERE call_id = $1 ORDER BY seq`, [callId])).rows;
  const agentRow = async (agentId: string) => (await env.db.query<{ state: string; state_reason: string | null }>(`SELECT state, state_reason FROM agents WHERE id = $1`, [agentId])).rows[0]!;
  /** Waits until the agent has been taken off the phones for a lost console. */
  const takenOff = (agent: SignedInAgent, timeoutMs = 15_000) =>
    eventually(
      async () => {
        const row = await agentRow(agent.agentId);
        return row.state === 'offline' && row.state_reason === 'console_lost' ? row : undefined;
      },
      `${agent.username} taken off the phones`,
      timeoutMs,
    );
  /** The transaction that last changed the agent's state (from the agents' log). */
  const lastAgentXact = async (agentId: string) =>
    (await env.db.query<{ xact_id: string }>(`SELECT xact_id::text FROM agent_events WHERE agent_id = $1 ORDER BY at DESC LIMIT 1`, [agentId])).rows[0]!.xact_id;
  /**
   * Proof that the grace has passed and the checks have run: a console dropped after the one
   * under test (by an agent who qualifies for none of the test's calls) has been taken off.
   */
  const aLaterLostConsoleTakenOff = async (api: ApiClient, topicKey: string) => {
    const [probeName] = await pick(topicKey, 1, true);
    const probe = await signIn(api, probeName!);
    const opened = await openConsole(api, probe);
    await goAvailable(opened);
    opened.socket.close();
    await takenOff(probe);
  };

  it('revokes the offer of an agent whose console went away long before the offer expires, gives the call to another agent, and offers the agent nothing more', async () => {
    await reset();
    const [lostName, otherName] = await pick('firearms', 2);
    const lost = await signIn(a, lostName!);
    const other = await signIn(b, otherName!);
    const view = await screen(b);
    const desk = await openConsole(a, lost);
    await goAvailable(desk);
    const { callId } = (await arrive(b, 'firearms')).body;
    const offer = await eventually(async () => desk.offers.find((o) => o.callId === callId), 'the offer');
    expect(Date.parse(offer.expiresAt) - Date.now()).toBeGreaterThan(50_000);
    expect((await b.setState(other.token, 'available')).status).toBe(200);

    desk.socket.close();

    const revoked = await eventually(async () => (await journey(callId)).find((e) => e.type === 'offer_revoked'), 'the offer revoked', 15_000);
    expect(revoked).toMatchObject({ agent_id: lost.agentId, data: { reason: 'console_lost' } });
    expect(revoked.at.getTime()).toBeLessThan(Date.parse(offer.expiresAt) - 45_000);
    await waitForOffer(b, other, callId);
    expect((await a.me(lost.token)).body).toMatchObject({ state: 'offline', stateReason: 'console_lost', offer: null });
    const alert = await eventually(async () => view.events<FloorAlert>('alert').find((x) => x.kind === 'console_lost' && x.agentId === lost.agentId), 'a console_lost alert');
    expect(alert).toMatchObject({ topicKey: null });

    // The next caller for this topic is not offered to the agent whose console is gone.
    expect((await b.callAction(other.token, callId, 'accept')).status).toBe(200);
    const next = (await arrive(a, 'firearms')).body.callId;
    const queued = (await journey(next)).find((e) => e.type === 'queued')!;
    await env.routingRoundSaw([queued.xact_id, await lastAgentXact(lost.agentId)]);
    expect((await journey(next)).map((e) => e.type)).not.toContain('offered');
    expect(await agentRow(lost.agentId)).toEqual({ state: 'offline', state_reason: 'console_lost' });
    await finish(b, other, callId);
  });

  it('keeps the offer of a console that is back within the grace, and sends it the offer again', async () => {
    await reset();
    const [name] = await pick('lost_property');
    const agent = await signIn(b, name!);
    const desk = await openConsole(b, agent);
    await goAvailable(desk);
    const { callId } = (await arrive(a, 'lost_property')).body;
    await eventually(async () => desk.offers.find((o) => o.callId === callId), 'the offer');
    const connects = desk.states.length;

    // The network drops under the socket; socket.io reconnects by itself, as a browser does.
    desk.socket.io.engine.close();
    await eventually(async () => (desk.states.length > connects && desk.offers.filter((o) => o.callId === callId).length === 2 ? true : undefined), 'the offer sent again on reconnect');

    await aLaterLostConsoleTakenOff(b, 'lost_property');
    expect((await journey(callId)).map((e) => e.type)).not.toContain('offer_revoked');
    expect((await b.me(agent.token)).body).toMatchObject({ state: 'reserved', offer: { callId } });
    expect((await b.callAction(agent.token, callId, 'accept')).status).toBe(200);
    await finish(b, agent, callId);
  });

  it('gives the call back when the api process that held the console dies (no disconnect handler runs)', async () => {
    await reset();
    const [lostName, otherName] = await pick('case_status', 2);
    const doomed = await env.spawnApi();
    const lost = await signIn(doomed.api, lostName!);
    const other = await signIn(a, otherName!);
    const desk = await openConsole(doomed.api, lost);
    await goAvailable(desk);
    const { callId } = (await arrive(a, 'case_status')).body;
    await eventually(async () => desk.offers.find((o) => o.callId === callId), 'the offer');
    expect((await a.setState(other.token, 'available')).status).toBe(200);

    doomed.child.kill('SIGKILL');
    await new Promise((resolve) => doomed.child.once('exit', resolve));

    const revoked = await eventually(async () => (await journey(callId)).find((e) => e.type === 'offer_revoked'), 'the offer revoked by a surviving process', 15_000);
    expect(revoked).toMatchObject({ agent_id: lost.agentId, data: { reason: 'console_lost' } });
    await waitForOffer(a, other, callId);
    expect(await agentRow(lost.agentId)).toEqual({ state: 'offline', state_reason: 'console_lost' });
    expect((await a.callAction(other.token, callId, 'accept')).status).toBe(200);
    await finish(a, other, callId);
  });

  it('takes an available agent whose console went away off the phones, tells supervisors, and offers them no call', async () => {
    await reset();
    const view = await screen(a);
    const [name] = await pick('tips');
    const agent = await signIn(a, name!);
    const desk = await openConsole(b, agent);
    await goAvailable(desk);

    desk.socket.close();

    await takenOff(agent);
    await eventually(async () => view.events<FloorAlert>('alert').find((x) => x.kind === 'console_lost' && x.agentId === agent.agentId), 'a console_lost alert');
    const { callId } = (await arrive(a, 'tips')).body;
    const queued = (await journey(callId)).find((e) => e.type === 'queued')!;
    await env.routingRoundSaw([queued.xact_id, await lastAgentXact(agent.agentId)]);
    expect((await journey(callId)).map((e) => e.type)).not.toContain('offered');
  });

  it('leaves an agent who never opened a console (REST only) available, and offers them calls as before', async () => {
    await reset();
    const [name] = await pick('driving_licence');
    const agent = await signIn(a, name!);
    expect((await a.setState(agent.token, 'available')).status).toBe(200);

    await aLaterLostConsoleTakenOff(a, 'driving_licence');

    expect(await agentRow(agent.agentId)).toEqual({ state: 'available', state_reason: null });
    const { callId } = (await arrive(b, 'driving_licence')).body;
    await workCall(a, agent, callId);
  });

  it('leaves an agent in wrap-up alone, and takes them off when the wrap-up times out and their console is still gone', async () => {
    await reset();
    const [name] = await pick('police_certificate');
    const agent = await signIn(b, name!);
    const desk = await openConsole(a, agent);
    await goAvailable(desk);
    const { callId } = (await arrive(a, 'police_certificate')).body;
    await eventually(async () => desk.offers.find((o) => o.callId === callId), 'the offer');
    expect(await desk.socket.timeout(5000).emitWithAck('accept', { callId })).toMatchObject({ ok: true });
    expect((await b.callAction(agent.token, callId, 'end')).status).toBe(200);

    desk.socket.close();

    await aLaterLostConsoleTakenOff(a, 'police_certificate');
    expect(await agentRow(agent.agentId)).toEqual({ state: 'wrap_up', state_reason: null });
    await eventually(async () => ((await journey(callId)).some((e) => e.type === 'outcome_recorded') ? true : undefined), 'the wrap-up timed out', 15_000);
    await takenOff(agent);
  });

  it('asks Redis nothing when an agent whose console is open on one process finishes a call through another', async () => {
    await reset();
    const [name] = await pick('case_status');
    const agent = await signIn(b, name!);
    const desk = await openConsole(a, agent);
    await goAvailable(desk);
    // Every command this environment's processes send Redis about the agent, seen by the server itself.
    const watcher = new Redis(TEST_REDIS_URL);
    const monitor = await watcher.monitor();
    closeLater.push({ close: () => void monitor.disconnect() }, { close: () => watcher.disconnect() });
    const scripts: string[] = [];
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args[0]?.toLowerCase() === 'eval' && args.includes(agent.agentId) && args.some((arg) => arg.startsWith(`${env.redisPrefix}:`))) scripts.push(args[1]!);
    });
    const { callId } = (await arrive(a, 'case_status')).body;
    await eventually(async () => desk.offers.find((o) => o.callId === callId), 'the offer');
    expect(await desk.socket.timeout(5000).emitWithAck('accept', { callId })).toMatchObject({ ok: true });

    // Through the other process: it makes the agent available, and their console is not on it.
    await finish(b, agent, callId);
    expect(await agentRow(agent.agentId)).toEqual({ state: 'available', state_reason: null });

    // Two of the console's process's beats later, a check sent at the change would have long arrived.
    const vouchesSoFar = scripts.filter((script) => script.includes('ZADD')).length;
    await eventually(async () => (scripts.filter((script) => script.includes('ZADD')).length >= vouchesSoFar + 2 ? true : undefined), "two beats of the console's process");
    expect(scripts.filter((script) => !script.includes('ZADD'))).toEqual([]);
  });

  it('takes an agent off once when two processes find the console lost at the same moment', async () => {
    await reset();
    const [name] = await pick('foreigners');
    const agent = await signIn(a, name!);
    expect((await a.setState(agent.token, 'available')).status).toBe(200);
    const { callId } = (await arrive(a, 'foreigners')).body;
    await waitForOffer(a, agent, callId);

    const [first, second] = env.instances.map(({ app }) => app.get(RoutingActions));
    const results = await Promise.all([first!.consoleLost(agent.agentId), second!.consoleLost(agent.agentId), first!.consoleLost(agent.agentId)]);

    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await journey(callId)).filter((e) => e.type === 'offer_revoked')).toEqual([expect.objectContaining({ agent_id: agent.agentId, data: { reason: 'console_lost' } })]);
    const { rows } = await env.db.query(`SELECT state, reason, call_id FROM agent_events WHERE agent_id = $1 AND state = 'offline' AND reason = 'console_lost'`, [agent.agentId]);
    expect(rows).toEqual([{ state: 'offline', reason: 'console_lost', call_id: callId }]);
    // Not available, not reserved: a third look changes nothing.
    await expect(second!.consoleLost(agent.agentId)).resolves.toBe(false);
  });

  it('a simulator bot taken off while its api was gone goes available again by itself once it is back, its shift running', async () => {
    await reset();
    const scenario = demoScenario();
    const agentName = scenario.agents.map((agent) => agent.name).find((name) => !used.has(name))!;
    used.add(agentName);
    const port = await freePort();
    const doomed = await env.spawnApi({}, { port });
    const clock = new SimulatedClock(12 * 3600, 1);
    clock.start();
    const bot = new AgentBot(
      scenario.agents.find((agent) => agent.name === agentName)!,
      new DutyRoster({ start: '00:00', end: '23:59', breaks: [] }, clock.nowSec()),
      seededRandom(14),
      {
        api: new LiveApi(doomed.api.baseUrl, TELEPHONY_KEY),
        book: new CallBook(),
        scenario,
        clock,
        password: 'demo1234',
        counters: { transfers: 0, declines: 0 },
      },
    );
    const agent = await signIn(a, agentName);
    await bot.signIn();
    await bot.connect();
    const ticking = setInterval(() => bot.tick(), 100);
    try {
      await eventually(async () => ((await agentRow(agent.agentId)).state === 'available' ? true : undefined), 'the bot available for its shift');

      doomed.child.kill('SIGKILL');
      await new Promise((resolve) => doomed.child.once('exit', resolve));
      await takenOff(agent);

      // The api comes back where the bot's socket looks for it; socket.io reconnects by itself.
      await env.spawnApi({}, { port });
      await eventually(async () => ((await agentRow(agent.agentId)).state === 'available' ? true : undefined), 'the bot available again', 20_000);
      const { rows } = await env.db.query<{ state: string; reason: string | null }>(`SELECT state, reason FROM agent_events WHERE agent_id = $1 ORDER BY at`, [agent.agentId]);
      expect(rows.slice(-3)).toEqual([
        { state: 'available', reason: null },
        { state: 'offline', reason: 'console_lost' },
        { state: 'available', reason: null },
      ]);
    } finally {
      clearInterval(ticking);
      await bot.logOff();
    }
  });
});
