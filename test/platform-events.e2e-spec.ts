import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { PlatformEvent, PlatformEventPage } from '@fc/contracts';
import { JourneyWriter } from '@fc/journey';
import { CallEntity } from '@fc/persistence';
import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import { eventually, type ApiClient } from './support/api-client.js';
import { agentsFor, liveFloorCaughtUp, onlyAvailable as onlyAvailableOn, signIn, waitForOffer } from './support/agents.js';
import { TELEPHONY_KEY, TestEnvironment } from './support/test-environment.js';
import { databaseUrl } from './support/test-run.js';

describe('platform events: written with the change, read in commit order', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let app: INestApplication;
  let sequence = 0;
  const externalId = () => `platform-${Date.now()}-${++sequence}`;

  beforeAll(async () => {
    env = await TestEnvironment.create({ OFFER_TIMEOUT_SEC: '3', DEFAULT_HANDLE_SEC: '300' });
    ({ api, app } = await env.startApi());
  });
  afterAll(() => env.close());

  const feed = (query = '', apiKey: string | null = TELEPHONY_KEY) => api.request<PlatformEventPage>('GET', `/api/telephony/events${query}`, undefined, { apiKey });
  const status = (callId: string) =>
    api.request<{ state: string; position: number | null; estimatedWaitSec: number | null }>('GET', `/api/telephony/calls/${callId}`, undefined, { apiKey: TELEPHONY_KEY });

  /** Every event in the feed, page by page. */
  async function allEvents(): Promise<PlatformEvent[]> {
    const events: PlatformEvent[] = [];
    let cursor: string | null = null;
    for (;;) {
      const page: PlatformEventPage = (await feed(cursor === null ? '?limit=1000' : `?after=${cursor}&limit=1000`)).body;
      events.push(...page.events);
      if (page.events.length === 0) return events;
      cursor = page.cursor;
    }
  }
  /** One call's events, checked for per-call `seq` 1..n without gaps. */
  async function eventsOf(callId: string): Promise<PlatformEvent[]> {
    const events = (await allEvents()).filter((e) => e.callId === callId);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    return events;
  }
  /** The call's events but the periodic `call.position`, which a slow run may add between the others. */
  const decisionsOf = async (callId: string) => (await eventsOf(callId)).filter((e) => e.type !== 'call.position');

  const onlyAvailable = (topic: string, endpoint: string | null, skip = 0) => onlyAvailableOn({ env, api, app }, topic, endpoint, skip);
  const arrive = async (topicKey: string) => (await api.telephony('/calls', { externalId: externalId(), callerNumber: '+4791234567', topicKey, language: 'nb' })).body.callId;
  const setSteps = (topic: string, steps: unknown[]) => env.db.query(`UPDATE topics SET escalation_steps = $2, min_proficiency = 1 WHERE key = $1`, [topic, JSON.stringify(steps)]);

  it('answers an empty feed with no events and no cursor', async () => {
    expect((await feed()).body).toEqual({ events: [], cursor: null });
    expect((await feed('?after=41')).body).toEqual({ events: [], cursor: '41' });
  });

  it('tells the platform of a call queued, ringing, connected and released, with the agent’s endpoint', async () => {
    await setSteps('passport', []);
    const agent = await onlyAvailable('passport', 'sip:agent@pbx.example');
    const callId = await arrive('passport');
    const offer = await waitForOffer(api, agent, callId);
    await api.callAction(agent.token, callId, 'accept');
    await api.callAction(agent.token, callId, 'end');
    await api.callAction(agent.token, callId, 'outcome', { outcome: 'resolved', expectationAligned: true });

    const events = await decisionsOf(callId);
    expect(events.map((e) => e.type)).toEqual(['call.queued', 'call.ringing', 'call.connect', 'call.release']);
    const { rows } = await env.db.query('SELECT external_id FROM calls WHERE id = $1', [callId]);
    for (const event of events) expect(event).toMatchObject({ callId, externalId: rows[0].external_id });
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events[0]!.data).toEqual({ topicKey: 'passport', position: 1, estimatedWaitSec: 0 });
    expect(events[1]!.data).toEqual({ agentId: agent.agentId, endpoint: 'sip:agent@pbx.example', expiresAt: offer.offer!.expiresAt });
    expect(events[2]!.data).toEqual({ agentId: agent.agentId, endpoint: 'sip:agent@pbx.example' });
    expect(events[3]!.data).toEqual({});
  });

  it('lets an administrator set, show and clear an agent’s endpoint, refusing anything but a SIP URI or an extension', async () => {
    const adminToken = (await api.login('admin')).accessToken;
    const supervisorToken = (await api.login('super01')).accessToken;
    const agent = await signIn(api, (await agentsFor(env, 'passport', 1))[0]!);
    await env.db.query('UPDATE agents SET endpoint = NULL WHERE id = $1', [agent.agentId]);
    const put = (endpoint: unknown, token = adminToken) => api.request('PUT', `/api/admin/agents/${agent.agentId}/endpoint`, endpoint === undefined ? {} : { endpoint }, { token });
    const shown = async () =>
      (await api.request<{ id: string; endpoint: string | null }[]>('GET', '/api/admin/agents', undefined, { token: adminToken })).body.find((a) => a.id === agent.agentId)!.endpoint;

    expect((await put('sips:agent07@pbx.example;transport=tls')).body).toMatchObject({ id: agent.agentId, endpoint: 'sips:agent07@pbx.example;transport=tls' });
    expect(await shown()).toBe('sips:agent07@pbx.example;transport=tls');
    expect((await put('4107')).status).toBe(200);
    expect(await shown()).toBe('4107');
    for (const bad of ['http://pbx.example/agent', 'agent07', 'sip:', 'sip:a b', '41-07', '', `sip:${'a'.repeat(252)}`, 42, undefined]) {
      expect({ bad, status: (await put(bad)).status }).toEqual({ bad, status: 400 });
    }
    expect(await shown()).toBe('4107');
    expect((await put('sip:x@pbx.example', supervisorToken)).status).toBe(403);
    expect((await api.request('PUT', '/api/admin/agents/6f1c7a4e-9a43-4c1e-8d0b-2a7e6f9b1c3d/endpoint', { endpoint: '1' }, { token: adminToken })).status).toBe(404);
    const { rows } = await env.db.query(`SELECT data FROM audit_log WHERE action = 'agent.set_endpoint' AND entity_id = $1 ORDER BY at`, [agent.agentId]);
    expect(rows.map((r) => r.data)).toEqual([
      { from: null, to: 'sips:agent07@pbx.example;transport=tls' },
      { from: 'sips:agent07@pbx.example;transport=tls', to: '4107' },
    ]);
    expect((await put(null)).body).toMatchObject({ endpoint: null });
    expect(await shown()).toBeNull();
  });

  it('offers no softphone without a voice edge configured for one, and lets no softphone set an endpoint then', async () => {
    const agent = await signIn(api, (await agentsFor(env, 'passport', 1))[0]!);
    const settings = await api.request('GET', '/api/agents/me/softphone', undefined, { token: agent.token });
    expect([settings.status, settings.body]).toEqual([204, null]);
    expect((await api.request('POST', '/api/agents/me/softphone/registered', {}, { token: agent.token })).status).toBe(404);
    expect((await api.request('GET', '/api/agents/me/softphone', undefined, { token: (await api.login('super01')).accessToken })).status).toBe(403);
    const page = await fetch(`${api.baseUrl}/`);
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self';");
  });

  it('puts a declined, an expired and a revoked offer back in line with the call’s new place', async () => {
    await setSteps('tips', []);
    const agent = await onlyAvailable('tips', '1001');
    const callId = await arrive('tips');
    await waitForOffer(api, agent, callId);
    await api.callAction(agent.token, callId, 'decline');
    // Declined: the same agent is not offered the call straight back; a second agent is.
    const second = await signIn(api, (await agentsFor(env, 'tips', 1))[1]!);
    await env.db.query('UPDATE agents SET endpoint = NULL WHERE id = $1', [second.agentId]);
    await api.setState(second.token, 'available');
    await waitForOffer(api, second, callId);
    // Leaving for a break revokes the offer.
    expect((await api.setState(second.token, 'break', 'training')).status).toBe(200);
    // The first agent is offered it again after the hand-back cooldown, or it waits; either way it is back in line.
    const events = await decisionsOf(callId);
    expect(events.slice(0, 5).map((e) => e.type)).toEqual(['call.queued', 'call.ringing', 'call.requeued', 'call.ringing', 'call.requeued']);
    expect(events[1]!.data).toMatchObject({ agentId: agent.agentId, endpoint: '1001' });
    expect(events[2]!.data).toEqual({ topicKey: 'tips', position: 1, estimatedWaitSec: expect.any(Number) });
    expect(events[3]!.data).toMatchObject({ agentId: second.agentId, endpoint: null });
    expect(events[4]!.data).toMatchObject({ topicKey: 'tips', position: 1 });
    await api.telephony(`/calls/${callId}/hangup`);

    // An offer nobody answers runs out (OFFER_TIMEOUT_SEC 3) and the call goes back in line.
    const ringsOut = await onlyAvailable('tips', null, 2);
    const unanswered = await arrive('tips');
    await waitForOffer(api, ringsOut, unanswered);
    const expired = await eventually(
      async () => {
        const types = (await decisionsOf(unanswered)).map((e) => e.type);
        return types.includes('call.requeued') ? types : undefined;
      },
      'the offer to run out',
      8000,
    );
    expect(expired.slice(0, 3)).toEqual(['call.queued', 'call.ringing', 'call.requeued']);
    await api.telephony(`/calls/${unanswered}/hangup`);
  });

  it('moves the caller’s leg on a transfer to a topic and to an agent', async () => {
    await setSteps('firearms', []);
    await setSteps('passport', []);
    const agent = await onlyAvailable('passport', 'sips:first@pbx.example');
    const callId = await arrive('passport');
    await waitForOffer(api, agent, callId);
    await api.callAction(agent.token, callId, 'accept');
    expect((await api.callAction(agent.token, callId, 'transfer', { topicKey: 'firearms' })).body.state).toBe('queued');
    const toTopic = await decisionsOf(callId);
    expect(toTopic.at(-1)).toMatchObject({ type: 'call.requeued', data: { topicKey: 'firearms', position: 1 } });
    await api.telephony(`/calls/${callId}/hangup`);

    const first = await onlyAvailable('passport', '2001');
    const second = await signIn(api, (await agentsFor(env, 'passport', 1))[1]!);
    await env.db.query('UPDATE agents SET endpoint = $2 WHERE id = $1', [second.agentId, '2002']);
    const moved = await arrive('passport');
    await waitForOffer(api, first, moved);
    await api.callAction(first.token, moved, 'accept');
    await api.setState(second.token, 'available');
    expect((await api.callAction(first.token, moved, 'transfer', { agentId: second.agentId })).status).toBe(200);
    const toAgent = await decisionsOf(moved);
    expect(toAgent.map((e) => e.type)).toEqual(['call.queued', 'call.ringing', 'call.connect', 'call.transfer']);
    expect(toAgent[3]!.data).toEqual({ agentId: second.agentId, endpoint: '2002' });
    await api.telephony(`/calls/${moved}/hangup`);
  });

  it('asks the platform to offer a callback when escalation reaches a callback step', async () => {
    await setSteps('driving_licence', [{ afterSec: 0, offerCallback: true }]);
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    const callId = await arrive('driving_licence');
    const events = await eventually(
      async () => {
        const found = await decisionsOf(callId);
        return found.some((e) => e.type === 'call.callback_offer') ? found : undefined;
      },
      'the callback offer',
      5000,
    );
    expect(events.map((e) => e.type)).toEqual(['call.queued', 'call.callback_offer']);
    expect(events[1]!.data).toEqual({ topicKey: 'driving_licence' });
    await api.telephony(`/calls/${callId}/hangup`);
  });

  it('gives queued callers their places, and a wait once a qualified agent is logged in', async () => {
    await setSteps('foreigners', []);
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    await liveFloorCaughtUp(app, env);
    const calls = [await arrive('foreigners'), await arrive('foreigners'), await arrive('foreigners')];
    for (const [i, callId] of calls.entries()) {
      expect((await eventsOf(callId))[0]).toMatchObject({ type: 'call.queued', data: { topicKey: 'foreigners', position: i + 1, estimatedWaitSec: null } });
      expect((await status(callId)).body).toMatchObject({ state: 'queued', position: i + 1, estimatedWaitSec: null });
    }
    // One qualified agent on a call, none idle, no call of the topic completed in the last hour:
    // each place waits for one call to end, DEFAULT_HANDLE_SEC (300) each.
    const [busy] = await agentsFor(env, 'foreigners', 1);
    await env.db.query(`UPDATE agents SET state = 'on_call' WHERE id = (SELECT a.id FROM agents a JOIN users u ON u.id = a.user_id WHERE u.username = $1)`, [busy]);
    await liveFloorCaughtUp(app, env);
    expect(await Promise.all(calls.map(async (callId) => (await status(callId)).body))).toMatchObject([
      { position: 1, estimatedWaitSec: 300 },
      { position: 2, estimatedWaitSec: 600 },
      { position: 3, estimatedWaitSec: 900 },
    ]);
    // The change reaches the platform as call.position once 10 s have passed since it last heard:
    // what it heard is moved 10 s back rather than waited for.
    await env.db.query(`UPDATE platform_events SET at = at - interval '10 seconds' WHERE call_id = ANY($1)`, [calls]);
    const moved = await eventually(
      async () => {
        const found = await eventsOf(calls[2]!);
        return found.at(-1)?.type === 'call.position' ? found : undefined;
      },
      'call.position',
      5000,
    );
    expect(moved.map((e) => e.type)).toEqual(['call.queued', 'call.position']);
    expect(moved[1]!.data).toEqual({ topicKey: 'foreigners', position: 3, estimatedWaitSec: 900 });
    // Nothing changed since: what it heard is made old enough again, and still no second
    // announcement after three more routing rounds (a tick announces after its round).
    await env.db.query(`UPDATE platform_events SET at = at - interval '10 seconds' WHERE call_id = ANY($1)`, [calls]);
    const { rows } = await env.db.query<{ at: Date }>('SELECT now() AS at');
    await eventually(
      async () => ((await env.db.query<{ n: number }>('SELECT count(*)::int AS n FROM routing_rounds WHERE started_at > $1', [rows[0]!.at])).rows[0]!.n >= 3 ? true : undefined),
      'three routing rounds after the first announcement',
      5000,
    );
    expect((await eventsOf(calls[2]!)).length).toBe(2);
    await env.db.query(`UPDATE agents SET state = 'offline'`);
    for (const callId of calls) await api.telephony(`/calls/${callId}/hangup`);
    expect((await status(calls[0]!)).body).toMatchObject({ state: 'abandoned', position: null, estimatedWaitSec: null });
  }, 30_000);

  it('writes no event for a change that rolled back', async () => {
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    const callId = await arrive('other');
    const writer = app.get(JourneyWriter);
    await expect(
      writer.run(async (tx) => {
        const call = (await tx.lockCall(callId)) as CallEntity;
        tx.platformEvent(call, 'call.release', {});
        await tx.flush();
        throw new Error('the change fails after its event');
      }),
    ).rejects.toThrow('the change fails after its event');
    // Escalation may offer a callback meanwhile; the rolled-back release must not be there.
    const types = (await eventsOf(callId)).map((e) => e.type);
    expect(types[0]).toBe('call.queued');
    expect(types).not.toContain('call.release');
    await api.telephony(`/calls/${callId}/hangup`);
  });

  it('pages through the feed with after, limit and cursor, each event once', async () => {
    const everything = await allEvents();
    expect(everything.length).toBeGreaterThan(4);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (;;) {
      const page: { status: number; body: PlatformEventPage } = await feed(cursor === null ? '?limit=3' : `?after=${cursor}&limit=3`);
      expect(page.status).toBe(200);
      expect(page.body.events.length).toBeLessThanOrEqual(3);
      if (page.body.events.length === 0) {
        expect(page.body.cursor).toBe(cursor);
        break;
      }
      expect(BigInt(page.body.cursor!)).toBeGreaterThan(BigInt(cursor ?? '0'));
      seen.push(...page.body.events.map((e) => e.id));
      cursor = page.body.cursor;
    }
    expect(seen).toEqual(everything.map((e) => e.id));
    expect(new Set(seen).size).toBe(seen.length);
    // Without a limit, a page of up to 100.
    expect((await feed()).body.events.length).toBe(Math.min(100, everything.length));
  });

  it('refuses a bad cursor or limit, and a caller without the telephony key', async () => {
    for (const query of ['?after=abc', '?after=-1', '?after=1.5', '?after=', '?after=12345678901234567890', '?limit=0', '?limit=1001', '?limit=ten', '?after=1&after=2']) {
      expect({ query, status: (await feed(query)).status }).toEqual({ query, status: 400 });
    }
    expect((await feed('', null)).status).toBe(401);
    expect((await feed('', 'not-the-key')).status).toBe(401);
  });

  it('never shows an event behind a cursor already handed out: positions follow commit order', async () => {
    const [first, second] = [await arrive('other'), await arrive('other')];
    const a = new pg.Client({ connectionString: databaseUrl(env.databaseName) });
    const b = new pg.Client({ connectionString: databaseUrl(env.databaseName) });
    await a.connect();
    await b.connect();
    try {
      const insert = (client: pg.Client, callId: string) =>
        client.query(`INSERT INTO platform_events (call_id, external_id, seq, type, at, data) SELECT id, external_id, 100, 'call.release', now(), '{}' FROM calls WHERE id = $1`, [callId]);
      await a.query('BEGIN');
      await insert(a, first);
      await b.query('BEGIN');
      await insert(b, second);
      await b.query('COMMIT');
      // The two written here (the journey's own events of these calls have lower seqs).
      const written = (page: PlatformEventPage) => page.events.filter((e) => e.seq === 100).map((e) => e.callId);
      const afterB = (await feed('?after=0&limit=1000')).body;
      expect(written(afterB)).toEqual([second]);
      await a.query('COMMIT');
      // A wrote first; it committed after B's cursor was handed out, and it is found after that cursor.
      expect(written((await feed(`?after=${afterB.cursor}&limit=1000`)).body)).toEqual([first]);
    } finally {
      await a.end();
      await b.end();
    }
    for (const callId of [first, second]) await api.telephony(`/calls/${callId}/hangup`);
  });

  it('writes an event without waiting for any other transaction: a change never queues behind another one’s commit', async () => {
    await setSteps('other', []);
    // The lock that numbering takes, held by another session: writers must not need it.
    const holder = new pg.Client({ connectionString: databaseUrl(env.databaseName) });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT pg_advisory_xact_lock(hashtext('platform_events_position'))`);
      const callId = await arrive('other');
      const written = await env.db.query(`SELECT type, position FROM platform_events WHERE call_id = $1`, [callId]);
      expect(written.rows).toEqual([{ type: 'call.queued', position: null }]);
      await holder.query('COMMIT');
      expect((await eventsOf(callId)).map((e) => e.type)).toEqual(['call.queued']);
      await api.telephony(`/calls/${callId}/hangup`);
    } finally {
      await holder.end();
    }
  });

  it('numbers a call’s events in seq order: one a delivery holds waits, with its call’s later ones, and the others go on', async () => {
    await setSteps('other', []);
    const [held, other] = [await arrive('other'), await arrive('other')];
    await api.telephony(`/calls/${held}/hangup`);
    await api.telephony(`/calls/${other}/hangup`);
    // Each call's second event, written as the journey writes one (its time after the first's).
    for (const callId of [held, other]) {
      await env.db.query(`INSERT INTO platform_events (call_id, external_id, seq, type, at, data) SELECT id, external_id, 2, 'call.release', clock_timestamp(), '{}' FROM calls WHERE id = $1`, [
        callId,
      ]);
    }
    const written = (await env.db.query(`SELECT call_id, count(*)::int AS n FROM platform_events WHERE call_id = ANY($1::uuid[]) GROUP BY 1`, [[held, other]])).rows;
    expect(written.map((r: { n: number }) => r.n)).toEqual([2, 2]);
    // A delivery of `held` in flight: its first event is locked while the webhook is sent.
    const delivery = new pg.Client({ connectionString: databaseUrl(env.databaseName) });
    await delivery.connect();
    try {
      await delivery.query('BEGIN');
      await delivery.query(`SELECT id FROM platform_events WHERE call_id = $1 AND seq = 1 AND position IS NULL FOR UPDATE`, [held]);
      const whileHeld = await allEvents();
      expect(whileHeld.filter((e) => e.callId === other).map((e) => e.seq)).toEqual([1, 2]);
      expect(whileHeld.filter((e) => e.callId === held)).toEqual([]);
      await delivery.query('COMMIT');
      const after = await allEvents();
      const order = after.filter((e) => e.callId === held || e.callId === other).map((e) => `${e.callId === held ? 'held' : 'other'}:${e.seq}`);
      expect(order).toEqual(['other:1', 'other:2', 'held:1', 'held:2']);
    } finally {
      await delivery.end();
    }
  });
});
