import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Ack, AgentMeView, AgentOfferEvent, AgentOfferRevokedEvent, AgentStateEvent, CallView, FloorAlert, FloorSnapshot, MetricsTick, QueuesView } from '@fc/contracts';
import { JwtService } from '@nestjs/jwt';
import { eventually, type ApiClient } from './support/api-client.js';
import { agentsFor, signIn, type SignedInAgent } from './support/agents.js';
import { SupervisorScreen, openSocket, refusal, type AgentSocket, type SupervisorSocket } from './support/sockets.js';
import { JWT_SECRET, TestEnvironment } from './support/test-environment.js';

describe('the live floor over socket.io', () => {
  let env: TestEnvironment;
  let a: ApiClient;
  let b: ApiClient;
  let supervisorToken: string;
  let sequence = 0;
  const screens: SupervisorScreen[] = [];
  const sockets: { close(): void }[] = [];

  beforeAll(async () => {
    env = await TestEnvironment.create({ OFFER_TIMEOUT_SEC: '3', METRICS_TICK_SEC: '1', LONG_WAIT_ALERT_SEC: '10' });
    ({ api: a } = await env.startApi());
    ({ api: b } = await env.startApi());
    supervisorToken = (await a.login('super01')).accessToken;
  });
  afterAll(async () => {
    for (const s of [...screens, ...sockets]) s.close();
    await env.close();
  });

  const screen = async (api: ApiClient) => {
    const opened = await SupervisorScreen.open(api.baseUrl, supervisorToken);
    screens.push(opened);
    return opened;
  };
  const agentSocket = (api: ApiClient, token: string) => {
    const socket = openSocket<AgentSocket>(api.baseUrl, '/agent', token);
    sockets.push(socket);
    return socket;
  };
  const arrive = (api: ApiClient, topicKey = 'passport', callerNumber?: string) =>
    api.telephony('/calls', { externalId: `rt-${Date.now()}-${++sequence}`, topicKey, language: 'nb', ...(callerNumber ? { callerNumber } : {}) });
  const floorFromDatabase = async () => {
    const { at: _, ...floor } = (await a.request<FloorSnapshot>('GET', '/api/floor', undefined, { token: supervisorToken })).body;
    return floor;
  };
  /** Waits until the screen shows what the database holds. */
  const showsDatabase = (view: SupervisorScreen) =>
    eventually(
      async () => {
        const expected = await floorFromDatabase();
        return JSON.stringify(view.floor()) === JSON.stringify(expected) ? expected : undefined;
      },
      'the screen to show the database',
      10_000,
    ).catch(async (error: Error) => {
      expect(view.floor()).toEqual(await floorFromDatabase());
      throw error;
    });
  /** Waits until every screen shows what the database holds, at the same moment. */
  const showBothTheDatabase = (...views: SupervisorScreen[]) =>
    eventually(
      async () => {
        const expected = JSON.stringify(await floorFromDatabase());
        return views.every((view) => JSON.stringify(view.floor()) === expected) ? true : undefined;
      },
      'every screen to show the database',
      10_000,
    );
  const offline = () => env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL WHERE state IN ('available', 'break')`);
  /** Every waiting caller hangs up, so a test's own calls are the only ones routed. */
  const emptyQueues = async () => {
    const { rows } = await env.db.query<{ id: string }>(`SELECT id FROM calls WHERE state IN ('queued', 'offered')`);
    for (const { id } of rows) expect((await a.telephony(`/calls/${id}/hangup`)).status).toBe(200);
  };
  /** The agent takes whatever call they are offered next, through to its outcome. */
  const workACall = async (agent: SignedInAgent) => {
    for (;;) {
      const offer = await eventually(async () => {
        const { body: me } = await a.me(agent.token);
        // An offer that expired while this agent waited its turn put them on a break (RONA).
        if (me.state === 'break') expect((await a.setState(agent.token, 'available')).status).toBe(200);
        return me.offer ?? undefined;
      }, `an offer for ${agent.username}`);
      const accepted = await b.callAction(agent.token, offer.callId, 'accept');
      if (accepted.status === 409) continue; // the offer expired meanwhile; the next one comes
      expect(accepted.status).toBe(200);
      expect((await a.callAction(agent.token, offer.callId, 'end')).status).toBe(200);
      expect((await b.callAction(agent.token, offer.callId, 'outcome', { outcome: 'resolved', expectationAligned: true })).status).toBe(200);
      return;
    }
  };

  describe('handshake', () => {
    const mint = (claims: object, expiresIn: number) => new JwtService({ secret: JWT_SECRET }).sign(claims, { expiresIn });

    it.each([
      { case: 'no token', token: undefined, status: 401, message: 'An access token is required' },
      { case: 'a garbage token', token: 'not-a-token', status: 401, message: 'Access token invalid' },
      {
        case: 'a token signed with another secret',
        token: new JwtService({ secret: 'another-secret-0123456789-0123456789' }).sign({ sub: 'x', role: 'supervisor' }),
        status: 401,
        message: 'Access token invalid',
      },
    ])('refuses $case on /supervisor with 401', async ({ token, status, message }) => {
      const refused = await refusal(openSocket(a.baseUrl, '/supervisor', token));
      expect(refused.message).toBe(message);
      expect(refused.data).toMatchObject({ statusCode: status, message });
    });

    it('refuses an expired token', async () => {
      const expired = new JwtService({ secret: JWT_SECRET }).sign({ sub: 'x', username: 'super01', role: 'supervisor', agentId: null, exp: Math.floor(Date.now() / 1000) - 10 });
      const refused = await refusal(openSocket(a.baseUrl, '/supervisor', expired));
      expect(refused.data).toMatchObject({ statusCode: 401, message: 'Access token expired' });
    });

    it('refuses an agent on /supervisor and a supervisor on /agent with 403', async () => {
      const agent = await signIn(a, 'agent01');
      expect((await refusal(openSocket(a.baseUrl, '/supervisor', agent.token))).data).toMatchObject({ statusCode: 403 });
      expect((await refusal(openSocket(a.baseUrl, '/agent', supervisorToken))).data).toMatchObject({ statusCode: 403 });
    });

    it('refuses a browser from an origin that is not allowed, and admits an allowed one', async () => {
      const foreign = await refusal(openSocket(a.baseUrl, '/supervisor', supervisorToken, { origin: 'https://evil.example' }));
      expect(foreign.message).toMatch(/websocket error|Forbidden|xhr poll error/i);
      const allowed = openSocket<SupervisorSocket>(a.baseUrl, '/supervisor', supervisorToken, { origin: 'http://localhost:5173' });
      sockets.push(allowed);
      await new Promise((resolve) => allowed.once('snapshot', resolve));
    });

    it('disconnects a socket when its token expires', async () => {
      const user = (await a.login('super01')).user;
      const socket = openSocket<SupervisorSocket>(a.baseUrl, '/supervisor', mint({ sub: user.id, username: 'super01', role: 'supervisor', agentId: null }, 2));
      sockets.push(socket);
      await new Promise((resolve) => socket.once('snapshot', resolve));
      const reason = await new Promise<string>((resolve) => socket.once('disconnect', resolve));
      expect(reason).toBe('io server disconnect');
    });
  });

  describe('/supervisor', () => {
    it('sends a snapshot on connect that matches GET /api/queues and GET /api/agents', async () => {
      await offline();
      for (let i = 0; i < 3; i++) expect((await arrive(a, i === 2 ? 'firearms' : 'passport')).status).toBe(201);
      const queues = (await a.request<QueuesView>('GET', '/api/queues', undefined, { token: supervisorToken })).body;
      const agents = (await a.request('GET', '/api/agents', undefined, { token: supervisorToken })).body;
      const view = await screen(b);
      const snapshot = view.events<FloorSnapshot>('snapshot')[0]!;
      expect(snapshot.queues).toEqual(queues.queues);
      expect(snapshot.agents).toEqual(agents);
      expect(snapshot.queues.find((q) => q.topicKey === 'passport')!.waiting).toBeGreaterThanOrEqual(2);
      expect(snapshot.calls.filter((c) => c.state === 'queued').length).toBeGreaterThanOrEqual(3);
    });

    it('delivers a change made through instance A to a supervisor on instance B, in order', async () => {
      const onB = await screen(b);
      const created = await arrive(a, 'tips');
      expect(created.status).toBe(201);
      const { callId } = created.body;
      await eventually(async () => (onB.model.call(callId)?.state === 'queued' ? true : undefined), 'the new call on B');
      expect(onB.callVersions.get(callId)).toEqual([...onB.callVersions.get(callId)!].sort((x, y) => x - y));
      const queue = onB
        .events<{ topicKey: string; waiting: number }>('queue.updated')
        .filter((q) => q.topicKey === 'tips')
        .at(-1);
      expect(queue?.waiting).toBeGreaterThanOrEqual(1);
      await a.telephony(`/calls/${callId}/hangup`);
      await eventually(async () => (onB.model.call(callId) === undefined ? true : undefined), 'the abandoned call to leave the floor on B');
    });

    it('after a forced disconnect, sends a fresh snapshot and ends up where a client that stayed is', async () => {
      const stayed = await screen(a);
      const dropped = await screen(b);
      dropped.socket.io.engine.close();
      const created: string[] = [];
      for (let i = 0; i < 5; i++) created.push((await arrive(a, 'lost_property')).body.callId);
      await a.telephony(`/calls/${created[0]}/hangup`);
      await eventually(async () => (dropped.snapshots >= 2 ? true : undefined), 'the snapshot after reconnecting');
      // Routing may still be escalating these calls: wait until both screens and the database agree at once.
      await showBothTheDatabase(stayed, dropped);
      expect(dropped.floor()).toEqual(stayed.floor());
    });

    it('when an api process loses the database feed, it reloads and sends its screens a fresh snapshot', async () => {
      const view = await screen(a);
      const before = view.snapshots;
      const { rows } = await env.db.query<{ n: number }>(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = 'first-contact-floor-feed' AND datname = current_database()`,
      );
      expect(rows[0]!.n).toBe(2);
      // A change while the feed is down: the reload must bring it.
      const { callId } = (await arrive(b, 'case_status')).body;
      await eventually(async () => (view.snapshots > before ? true : undefined), 'a fresh snapshot after the reload');
      await eventually(async () => (view.model.call(callId)?.state === 'queued' ? true : undefined), 'the call made during the gap');
      await showsDatabase(view);
    });

    it('after a burst of 200 calls through both instances, shows exactly what the database holds', async () => {
      await offline();
      await emptyQueues();
      const view = await screen(a);
      const onB = await screen(b);
      const usernames = (await agentsFor(env, 'report_offence', 4)).slice(0, 8);
      const agents: SignedInAgent[] = [];
      for (const username of usernames) {
        const agent = await signIn(a, username);
        expect((await a.setState(agent.token, 'available')).status).toBe(200);
        agents.push(agent);
      }
      const numbers = Array.from({ length: 200 }, (_, i) => `+4791${String(100000 + i)}`);
      const results = await Promise.all(numbers.map((number, i) => arrive(i % 2 ? a : b, 'report_offence', number)));
      expect(results.every((r) => r.status === 201)).toBe(true);
      // Agents work a few calls through to the end while the rest wait, hang up or are offered.
      for (const agent of agents.slice(0, 4)) await workACall(agent);
      for (const r of results.slice(150, 170)) await a.telephony(`/calls/${r.body.callId}/hangup`);

      // Agents leave so that no more offers are made, then both screens must settle on the database.
      for (const agent of agents) expect((await a.setState(agent.token, 'offline')).status).toBe(200);
      await showBothTheDatabase(view, onB);
      // Independently of the views: every live call and agent, with its state and version, straight from the tables.
      const tables = async () => ({
        calls: (await env.db.query(`SELECT id, state, version FROM calls WHERE state IN ('arrived', 'queued', 'offered', 'connected', 'wrap_up') ORDER BY id`)).rows,
        agents: (await env.db.query('SELECT id, state, version FROM agents ORDER BY id')).rows,
      });
      const seen = () => ({
        calls: view.floor().calls.map(({ id, state, version }) => ({ id, state, version })),
        agents: view.floor().agents.map(({ id, state, version }) => ({ id, state, version })),
      });
      await eventually(async () => (JSON.stringify(seen()) === JSON.stringify(await tables()) ? true : undefined), 'the screen to match the tables').catch(async (error: Error) => {
        expect(seen()).toEqual(await tables());
        throw error;
      });
      // Per call, versions arrived in increasing order, on both instances.
      for (const screenOf of [view, onB]) {
        for (const versions of screenOf.callVersions.values()) expect(versions).toEqual([...versions].sort((x, y) => x - y));
      }
      // No personal data on a supervisor socket: no caller key, no number.
      const wire = JSON.stringify(view.received);
      expect(wire).not.toMatch(/caller_?key|callerNumber/i);
      for (const number of numbers.slice(0, 20)) expect(wire).not.toContain(number.slice(3));
      await offline();
    });

    it("sends today's figures every tick and an alert for a caller waiting too long", async () => {
      await offline();
      const view = await screen(a);
      const { callId } = (await arrive(b, 'driving_licence')).body;
      await env.db.query(`UPDATE calls SET queued_at = now() - interval '30 seconds' WHERE id = $1`, [callId]);
      const alert = await eventually(async () => view.events<FloorAlert>('alert').find((x) => x.kind === 'long_wait' && x.callId === callId), 'a long-wait alert', 8000);
      expect(alert.waitedSec).toBeGreaterThanOrEqual(10);
      const tick = await eventually(async () => view.events<MetricsTick>('metrics.tick').at(-1), 'a metrics tick');
      await eventually(async () => {
        const last = view.events<MetricsTick>('metrics.tick').at(-1)!;
        // Today as the tick counts it, from its own `since` (midnight in METRICS_TIME_ZONE), not the
        // database's UTC day: run at 23:00:03 UTC, this test once counted the call it had backdated
        // by 30 s, to 22:59:5x, which the tick rightly left in yesterday's figures.
        const { rows } = await env.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM calls c JOIN topics t ON t.id = c.topic_id WHERE t.key = 'driving_licence' AND c.queued_at >= $1`, [
          last.since,
        ]);
        return last.topics.find((t) => t.topicKey === 'driving_licence')?.offered === rows[0]!.n ? true : undefined;
      }, 'the tick to count the call');
      expect(tick.topics.length).toBe(10);
      // Sent once, though two instances run and ticks repeat: a tick sends its figures, then its alerts,
      // so the second tick after the alert proves the first one after it sent no second alert.
      const alertAt = view.received.findIndex((r) => r.event === 'alert' && (r.payload as FloorAlert).id === alert.id);
      await eventually(async () => (view.received.slice(alertAt).filter((r) => r.event === 'metrics.tick').length >= 2 ? true : undefined), 'two ticks after the alert');
      expect(view.events<FloorAlert>('alert').filter((x) => x.id === alert.id)).toHaveLength(1);
      await b.telephony(`/calls/${callId}/hangup`);
    });
  });

  describe('/agent', () => {
    it("offers a call with the caller's history, takes acknowledged actions, and tells why an offer ended", async () => {
      await offline();
      await emptyQueues();
      const [username, otherName] = await agentsFor(env, 'firearms', 1);
      const agent = await signIn(a, username!);
      const other = await signIn(a, otherName!);
      const socket = agentSocket(b, agent.token);
      const otherSocket = agentSocket(a, other.token);
      const offers: AgentOfferEvent[] = [];
      const revoked: AgentOfferRevokedEvent[] = [];
      const states: AgentStateEvent[] = [];
      const otherOffers: AgentOfferEvent[] = [];
      socket.on('offer', (o) => offers.push(o));
      socket.on('offer.revoked', (r) => revoked.push(r));
      socket.on('state', (s) => states.push(s));
      otherSocket.on('offer', (o) => otherOffers.push(o));
      await eventually(async () => (states.length > 0 ? true : undefined), 'the state on connect');
      expect(states[0]).toMatchObject({ agentId: agent.agentId, state: 'offline' });

      // An earlier contact from the same number, answered and resolved by someone else.
      const number = '+4791777001';
      const earlier = (await arrive(a, 'firearms', number)).body.callId;
      await env.db.query(`UPDATE calls SET state = 'completed', outcome = 'resolved', completed_at = now() WHERE id = $1`, [earlier]);

      const wentAvailable = await socket.timeout(5000).emitWithAck('state', { state: 'available' });
      expect(wentAvailable).toMatchObject({ ok: true, data: { state: 'available' } });
      const { callId } = (await arrive(a, 'firearms', number)).body;
      const offer = await eventually(async () => offers.find((o) => o.callId === callId), 'the offer');
      expect(offer).toMatchObject({ topicKey: 'firearms', language: 'nb' });
      expect(offer.callerHistory).toEqual([expect.objectContaining({ callId: earlier, topicKey: 'firearms', outcome: 'resolved' })]);
      expect(Date.parse(offer.expiresAt)).toBeGreaterThan(Date.now());
      expect(JSON.stringify(offer)).not.toContain('777001');

      const declined = (await socket.timeout(5000).emitWithAck('decline', { callId })) as Ack<CallView>;
      expect(declined).toMatchObject({ ok: true, data: { id: callId, state: 'queued' } });
      await eventually(async () => revoked.find((r) => r.callId === callId && r.reason === 'declined'), 'offer.revoked (declined)');

      // The REST route's checks answer in the acknowledgement, and change nothing.
      const before = await env.fingerprint();
      expect(await socket.timeout(5000).emitWithAck('accept', { callId: 'not-a-uuid' })).toMatchObject({ ok: false, error: { statusCode: 400 } });
      expect(await socket.timeout(5000).emitWithAck('accept', { callId, extra: 1 } as never)).toMatchObject({ ok: false, error: { statusCode: 400 } });
      expect(await socket.timeout(5000).emitWithAck('state', { state: 'available', reason: 'break' })).toMatchObject({ ok: false, error: { statusCode: 400 } });
      expect(await socket.timeout(5000).emitWithAck('accept', { callId })).toMatchObject({ ok: false, error: { statusCode: 409 } });
      expect(await env.fingerprint()).toEqual(before);

      // The declined call is not offered to this agent again for a while: let the caller hang up.
      await a.telephony(`/calls/${callId}/hangup`);

      // An offer that expires: RONA puts the agent on break and tells supervisors.
      const view = await screen(a);
      const second = (await arrive(b, 'firearms')).body.callId;
      await eventually(async () => offers.find((o) => o.callId === second), 'the second offer');
      await eventually(async () => revoked.find((r) => r.callId === second && r.reason === 'expired'), 'offer.revoked (expired)', 8000);
      await eventually(async () => (states.at(-1)?.state === 'break' && states.at(-1)?.stateReason === 'missed' ? true : undefined), 'RONA');
      await eventually(async () => view.events<FloorAlert>('alert').find((x) => x.kind === 'missed_offer' && x.agentId === agent.agentId), 'a missed-offer alert');

      // Back from the break, the same call is offered again and accepted by socket, as the REST route does.
      expect(await socket.timeout(5000).emitWithAck('state', { state: 'available' })).toMatchObject({ ok: true });
      await eventually(async () => (offers.filter((o) => o.callId === second).length >= 2 ? true : undefined), 'the call offered again', 8000);
      const accepted = (await socket.timeout(5000).emitWithAck('accept', { callId: second })) as Ack<CallView>;
      expect(accepted).toMatchObject({ ok: true, data: { id: second, state: 'connected', agentId: agent.agentId } });
      expect(otherOffers.filter((o) => o.callId === callId || o.callId === second)).toEqual([]);
      const me = (await socket.timeout(5000).emitWithAck('state', { state: 'break', reason: 'training' })) as Ack<AgentMeView>;
      expect(me).toMatchObject({ ok: false, error: { statusCode: 409 } });
    });

    it('refuses a flood of messages from one socket with 429, changing nothing, and lets a normal pace through', async () => {
      await offline();
      await emptyQueues();
      // An agent with no call in hand, so every state change that gets through is allowed.
      const { rows: busy } = await env.db.query<{ username: string }>(
        `SELECT u.username FROM calls c JOIN agents ag ON ag.id = c.agent_id JOIN users u ON u.id = ag.user_id WHERE c.state IN ('offered', 'connected', 'wrap_up')`,
      );
      const username = (await agentsFor(env, 'lost_property', 1)).find((name) => !busy.some((b) => b.username === name));
      const agent = await signIn(a, username!);
      const socket = agentSocket(a, agent.token);
      await eventually(async () => (socket.connected ? true : undefined), 'the socket connected');
      const stateChanges = async () => (await env.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'agent.set_state' AND entity_id = $1`, [agent.agentId])).rows[0]!.n;
      const before = await stateChanges();

      // 200 toggles as fast as the socket takes them: the bucket lets its burst and its rate through, no more.
      const started = Date.now();
      const toggles = Array.from(
        { length: 200 },
        (_, i) => socket.timeout(10_000).emitWithAck('state', i % 2 === 0 ? { state: 'break', reason: 'training' } : { state: 'available' }) as Promise<Ack<AgentMeView>>,
      );
      const answers = await Promise.all(toggles);
      const elapsedSec = (Date.now() - started) / 1000;
      const refused = answers.filter((answer) => !answer.ok && answer.error.statusCode === 429);
      const accepted = answers.filter((answer) => answer.ok);
      expect(refused[0]).toEqual({ ok: false, error: { statusCode: 429, error: 'Too Many Requests', message: expect.stringContaining('slow down') } });
      // Defaults: 10 a second, bursts of 20.
      const allowance = 20 + Math.ceil(10 * elapsedSec);
      expect(refused.length).toBeGreaterThanOrEqual(200 - allowance);
      expect(accepted.length).toBeLessThanOrEqual(allowance);
      expect(answers.length - refused.length).toBe(accepted.length);
      expect((await stateChanges()) - before).toBe(accepted.length);

      // A person's pace is never refused: 30 changes, more than the burst, at about six a second, on a new console.
      socket.close();
      const calmSocket = agentSocket(a, agent.token);
      const calm: Ack<AgentMeView>[] = [];
      for (let i = 0; i < 30; i++) {
        const paced = new Promise((resolve) => setTimeout(resolve, 160));
        calm.push((await calmSocket.timeout(5000).emitWithAck('state', i % 2 === 0 ? { state: 'break', reason: 'training' } : { state: 'available' })) as Ack<AgentMeView>);
        await paced;
      }
      expect(calm.filter((answer) => !answer.ok)).toEqual([]);
      await calmSocket.timeout(5000).emitWithAck('state', { state: 'offline' });
    });
  });
});
