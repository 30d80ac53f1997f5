import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MetricsReport, MetricsRow } from '@fc/contracts';
import { addTallies, attributeCall, callFigures, emptyTally, type AttributionFacts, type CallTally, type Contribution, type TimelineEvent } from '@fc/domain';
import type { ApiClient } from './support/api-client.js';
import { agentsFor, signIn, waitForOffer, type SignedInAgent } from './support/agents.js';
import { rollupSums } from './support/rollups.js';
import { TestEnvironment } from './support/test-environment.js';

describe('metrics: resolution at first contact, measured', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let supervisor: string;
  let sequence = 0;
  const started = new Date(Date.now() - 60_000);

  beforeAll(async () => {
    env = await TestEnvironment.create({ OFFER_TIMEOUT_SEC: '30' });
    ({ api } = await env.startApi());
    supervisor = (await api.login('super01')).accessToken;
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
  });
  afterAll(() => env.close());

  const arrive = async (topicKey: string, callerNumber?: string) => {
    const response = await api.telephony('/calls', { externalId: `m-${Date.now()}-${++sequence}`, topicKey, language: 'nb', ...(callerNumber ? { callerNumber } : {}) });
    expect(response.status).toBe(201);
    return response.body.callId;
  };
  /** The agent answers the call and records `outcome`, optionally transferring it to another topic first. */
  const handle = async (agent: SignedInAgent, callId: string, outcome: string, transferTo?: { agent: SignedInAgent; topicKey: string }) => {
    await waitForOffer(api, agent, callId);
    expect((await api.callAction(agent.token, callId, 'accept')).status).toBe(200);
    let holder = agent;
    if (transferTo) {
      expect((await api.callAction(agent.token, callId, 'transfer', { topicKey: transferTo.topicKey })).status).toBe(200);
      expect((await api.callAction(agent.token, callId, 'outcome', { outcome: 'referred', expectationAligned: true })).status).toBe(409);
      await waitForOffer(api, transferTo.agent, callId);
      expect((await api.callAction(transferTo.agent.token, callId, 'accept')).status).toBe(200);
      holder = transferTo.agent;
    }
    expect((await api.callAction(holder.token, callId, 'end')).status).toBe(200);
    expect((await api.callAction(holder.token, callId, 'outcome', { outcome, expectationAligned: true })).status).toBe(200);
    if (transferTo) await api.setState(agent.token, 'available');
  };
  const report = async (query: string) => {
    const response = await api.request<MetricsReport>('GET', `/api/metrics?${query}`, undefined, { token: supervisor });
    expect(response.status).toBe(200);
    return response.body;
  };
  const range = (from: Date, to: Date) => `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
  const rounded = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (_, v: unknown) => (typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v)));
  const row = (rep: MetricsReport, topicKey: string) => rep.rows.find((r) => r.key.topicKey === topicKey);

  /** Every call's facts and journey, straight from the tables, attributed by the domain's own function. */
  const attributions = async (now: Date) => {
    const { rows: topics } = await env.db.query('SELECT id, key, service_level_threshold_sec FROM topics');
    const catalog = { idByKey: new Map(topics.map((t) => [t.key, t.id])), thresholdSecById: new Map(topics.map((t) => [t.id, t.service_level_threshold_sec])) };
    const { rows: events } = await env.db.query('SELECT call_id, seq, type, at, agent_id, data FROM call_events ORDER BY call_id, seq');
    const { rows } = await env.db.query(
      `SELECT id, state, arrived_at, queued_at, answered_at, ended_at, completed_at, transfer_count, outcome, caller_key IS NOT NULL AS has_key, repeat_contact_at, topic_id FROM calls`,
    );
    return rows.map((r) => {
      const call: AttributionFacts = {
        state: r.state,
        arrivedAt: r.arrived_at,
        queuedAt: r.queued_at,
        answeredAt: r.answered_at,
        endedAt: r.ended_at,
        completedAt: r.completed_at,
        transferCount: r.transfer_count,
        outcome: r.outcome,
        hasCallerKey: r.has_key,
        repeatContactAt: r.repeat_contact_at,
        topicId: r.topic_id,
      };
      const journey: TimelineEvent[] = events.filter((e) => e.call_id === r.id).map((e) => ({ seq: e.seq, type: e.type, at: e.at, agentId: e.agent_id, data: e.data }));
      return attributeCall(call, journey, catalog, now);
    });
  };
  const topicIdOf = async (topicKey: string) => (await env.db.query('SELECT id FROM topics WHERE key = $1', [topicKey])).rows[0].id as string;

  let passportAgent: SignedInAgent;
  let firearmsAgent: SignedInAgent;
  const number = '+4791555001';
  const ids: Record<string, string> = {};

  it('drives a morning through the api and counts it back per topic', async () => {
    passportAgent = await signIn(api, (await agentsFor(env, 'passport', 4))[0]!);
    firearmsAgent = await signIn(
      api,
      (await agentsFor(env, 'firearms', 4)).find((u) => u !== passportAgent.username)!,
    );
    for (const agent of [passportAgent, firearmsAgent]) expect((await api.setState(agent.token, 'available')).status).toBe(200);

    ids.resolved = await arrive('passport', number);
    await handle(passportAgent, ids.resolved, 'resolved');
    ids.unresolved = await arrive('passport', '+4791555002');
    await handle(passportAgent, ids.unresolved, 'unresolved');
    ids.withheld = await arrive('passport');
    await handle(passportAgent, ids.withheld, 'self_service');
    ids.transferred = await arrive('passport', '+4791555003');
    await handle(passportAgent, ids.transferred, 'resolved', { agent: firearmsAgent, topicKey: 'firearms' });
    // Nobody for tips: one caller gives up at once (a short abandon), one after a wait.
    ids.short = await arrive('tips', '+4791555004');
    expect((await api.telephony(`/calls/${ids.short}/hangup`)).status).toBe(200);
    ids.abandoned = await arrive('tips', '+4791555005');
    // Queued longer ago than a short abandon, instead of waiting that long.
    await env.db.query(`UPDATE calls SET arrived_at = arrived_at - interval '6 seconds', queued_at = queued_at - interval '6 seconds' WHERE id = $1`, [ids.abandoned]);
    expect((await api.telephony(`/calls/${ids.abandoned}/hangup`)).status).toBe(200);
    // The first caller calls again about the same thing: a repeat contact, still waiting.
    await api.setState(passportAgent.token, 'break', 'admin');
    ids.repeat = await arrive('passport', number);

    const rep = await report(range(started, new Date(Date.now() + 60_000)));
    const passport = row(rep, 'passport')!.figures;
    // passport: resolved, unresolved, withheld, transferred (counted under firearms now), repeat (waiting).
    // Per queue visit: the transferred call visited passport first (answered, then passed on) and firearms after.
    expect([passport.offered, passport.transferredIn, passport.answered, passport.abandoned]).toEqual([5, 0, 4, 0]);
    expect(passport.transferRate).toEqual({ numerator: 1, denominator: 4, value: 0.25 });
    // Its outcome is firearms': passport's FCR counts the three calls it finished.
    expect(passport.fcr).toEqual({ numerator: 2, denominator: 3, value: 2 / 3 });
    expect(passport.firstLineResolution.numerator).toBe(2);
    // The repeat makes the first call unresolved after all; the withheld caller is left out.
    expect(passport.repeatAdjustedFcr).toMatchObject({ numerator: 0, denominator: 2 });
    const firearms = row(rep, 'firearms')!.figures;
    expect([firearms.offered, firearms.transferredIn, firearms.answered]).toEqual([1, 1, 1]);
    // The transfer was made in passport's visit, not firearms'.
    expect(firearms.transferRate).toEqual({ numerator: 0, denominator: 1, value: 0 });
    expect(firearms.firstLineResolution).toEqual({ numerator: 0, denominator: 1, value: 0 });
    expect(firearms.repeatAdjustedFcr).toMatchObject({ numerator: 1, denominator: 1, provisional: 1 });
    const tips = row(rep, 'tips')!.figures;
    expect([tips.offered, tips.answered, tips.abandoned, tips.shortAbandons]).toEqual([2, 0, 2, 1]);
    expect(tips.serviceLevel).toEqual({ numerator: 0, denominator: 1, value: 0 });
    expect(tips.abandonmentRate).toEqual({ numerator: 1, denominator: 1, value: 1 });
  });

  it('links a repeat contact to the earlier call and logs it', async () => {
    const { body } = await api.getCall(supervisor, ids.repeat!);
    expect(body.repeatOfCallId).toBe(ids.resolved);
    expect(body.events!.find((e) => e.type === 'repeat_detected')?.data).toMatchObject({ repeatOfCallId: ids.resolved });
    const { rows } = await env.db.query('SELECT repeat_contact_at FROM calls WHERE id = $1', [ids.resolved]);
    expect(rows[0].repeat_contact_at).not.toBeNull();
  });

  it("agrees with the domain's attribution of every call, for topics, agents and the centre, whole buckets (rollups) and ragged edges alike", async () => {
    const now = new Date();
    const all = await attributions(now);
    const within = (from: Date, to: Date) => (c: { countedAt: Date }) => c.countedAt >= from && c.countedAt < to;
    const figuresOf = (tallies: CallTally[]) => callFigures(tallies.reduce((sum, t) => addTallies(sum, t), emptyTally()));
    const of = (contributions: Contribution[], entityId: string) => contributions.filter((c) => c.entityId === entityId).map((c) => c.tally);
    const hour = 3_600_000;
    // Whole hours are whole quarters too: every rollup is read. Ragged ends: contributions only.
    const aligned = [new Date(Math.floor(started.getTime() / hour) * hour - hour), new Date(Math.ceil(Date.now() / hour) * hour + hour)] as const;
    const ragged = [new Date(started.getTime() + 1234), new Date(Date.now() + 4321)] as const;
    const callFiguresOnly = ({ followUpOnTime: _f, csat: _c, feedbackResponseRate: _r, occupancy: _o, ...figures }: MetricsRow['figures']) => figures;
    const quarterOf = (at: Date) => new Date(Math.floor(at.getTime() / 900_000) * 900_000).toISOString();
    for (const [from, to] of [aligned, ragged]) {
      const visits = all.flatMap((a) => a.visits).filter(within(from, to));
      const legs = all.flatMap((a) => a.legs).filter(within(from, to));
      const byTopic = await report(range(from, to));
      expect(byTopic.rows.map((r) => r.key.topicKey).sort()).toEqual(['firearms', 'passport', 'tips']);
      // Sums of seconds are added in another order in SQL: equal to the last 9 digits.
      for (const r of byTopic.rows) expect(rounded(callFiguresOnly(r.figures))).toEqual(rounded(figuresOf(of(visits, await topicIdOf(r.key.topicKey!)))));
      const byAgent = await report(`${range(from, to)}&groupBy=agent`);
      expect(byAgent.rows.map((r) => r.key.agentId).sort()).toEqual([...new Set(legs.map((l) => l.entityId))].sort());
      for (const r of byAgent.rows) expect(rounded(callFiguresOnly(r.figures))).toEqual(rounded(figuresOf(of(legs, r.key.agentId!))));
      // The centre, quarter by quarter (15-minute buckets from 2000-01-01 UTC, as the rollups): each call once.
      const calls = all.map((a) => a.call).filter((c): c is NonNullable<typeof c> => c !== null && within(from, to)(c));
      const byQuarter = await report(`${range(from, to)}&groupBy=interval&interval=15m`);
      expect(byQuarter.rows.map((r) => r.key.intervalStart)).toEqual([...new Set(calls.map((c) => quarterOf(c.countedAt)))].sort());
      for (const r of byQuarter.rows) {
        expect(rounded(callFiguresOnly(r.figures))).toEqual(rounded(figuresOf(calls.filter((c) => quarterOf(c.countedAt) === r.key.intervalStart).map((c) => c.tally))));
      }
    }
  });

  it('keeps the rollups equal to a recount from scratch', async () => {
    const snapshot = async () => (await rollupSums(env.db)).map((rows) => rounded(rows));
    const kept = await snapshot();
    for (const rows of kept) expect((rows as unknown[]).length).toBeGreaterThan(0);
    await env.db.query('SELECT call_tallies_rebuild()');
    expect(await snapshot()).toEqual(kept);
  });

  it('groups by agent and team, with occupancy, and by interval', async () => {
    const window = range(started, new Date(Date.now() + 60_000));
    const byAgent = await report(`${window}&groupBy=agent`);
    const passportRow = byAgent.rows.find((r: MetricsRow) => r.key.agentId === passportAgent.agentId)!;
    expect(passportRow.key.agentUsername).toBe(passportAgent.username);
    // Four legs: three calls finished, and the first leg of the one passed on to firearms.
    expect(passportRow.figures.answered).toBe(4);
    expect(passportRow.figures.transferRate).toEqual({ numerator: 1, denominator: 4, value: 0.25 });
    expect(passportRow.figures.occupancy!.denominator).toBeGreaterThan(0);
    expect(passportRow.figures.occupancy!.numerator).toBeGreaterThan(0);
    const byTeam = await report(`${window}&groupBy=team`);
    // Team rows sum their agents' legs: the four above and the firearms agent's one.
    expect(byTeam.rows.reduce((n, r) => n + r.figures.answered, 0)).toBe(5);
    const byInterval = await report(`${window}&groupBy=interval&interval=1d`);
    expect(byInterval.rows.reduce((n, r) => n + r.figures.offered, 0)).toBe(7);
    expect(byInterval.rows[0]!.key.intervalStart).toMatch(/T\d\d:00:00.000Z$/);
  });

  it('answers CSV for Accept: text/csv, with the counts behind each figure', async () => {
    const response = await fetch(`${api.baseUrl}/api/metrics?${range(started, new Date(Date.now() + 60_000))}`, { headers: { authorization: `Bearer ${supervisor}`, accept: 'text/csv' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, ...lines] = (await response.text()).trim().split('\n');
    const columns = header!.split(',');
    expect(columns).toEqual(expect.arrayContaining(['topicKey', 'offered', 'serviceLevel', 'serviceLevel.numerator', 'serviceLevel.denominator', 'asaSec.sum', 'fcr']));
    const tips = lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i], v]))).find((r) => r.topicKey === 'tips')!;
    expect([tips.offered, tips.abandoned, tips.shortAbandons, tips['serviceLevel.denominator']]).toEqual(['2', '2', '1', '1']);
  });

  it('writes a team name that a spreadsheet would run as a formula as text', async () => {
    const admin = (await api.login('admin')).accessToken;
    const { rows } = await env.db.query<{ user_id: string; team: string | null }>('SELECT user_id, team FROM agents WHERE id = $1', [passportAgent.agentId]);
    const renamed = await api.request('PATCH', `/api/admin/users/${rows[0]!.user_id}`, { team: '=HYPERLINK("http://x.example","y")' }, { token: admin });
    expect(renamed.status).toBe(200);
    try {
      const response = await fetch(`${api.baseUrl}/api/metrics?${range(started, new Date(Date.now() + 60_000))}&groupBy=team`, {
        headers: { authorization: `Bearer ${supervisor}`, accept: 'text/csv' },
      });
      expect(response.status).toBe(200);
      const lines = (await response.text()).trim().split('\n');
      const team = lines.find((line) => line.includes('HYPERLINK'))!;
      // Quoted by CSV for its own quotes; the cell starts with ' so a spreadsheet shows it as text.
      expect(team.startsWith(`"'=HYPERLINK(""http://x.example"",""y"")",`)).toBe(true);
    } finally {
      await env.db.query('UPDATE agents SET team = $2 WHERE id = $1', [passportAgent.agentId, rows[0]!.team]);
    }
  });

  it.each([
    { case: 'no from', query: 'to=2026-11-02T00:00:00Z' },
    { case: 'a date that is not ISO-8601', query: 'from=yesterday&to=2026-11-02T00:00:00Z' },
    { case: 'to before from', query: 'from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z' },
    { case: 'a range over 400 days', query: 'from=2025-01-01T00:00:00Z&to=2026-11-01T00:00:00Z' },
    { case: '15-minute rows over 40 days', query: 'from=2026-09-01T00:00:00Z&to=2026-10-11T00:00:00Z&interval=15m' },
    { case: 'groupBy=interval without an interval', query: 'from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z&groupBy=interval' },
    { case: 'an unknown groupBy', query: 'from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z&groupBy=weather' },
    { case: 'an unknown parameter', query: 'from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z&limit=5' },
  ])('refuses $case with 400 and changes nothing', async ({ query }) => {
    const before = await env.fingerprint();
    const response = await api.request('GET', `/api/metrics?${query}`, undefined, { token: supervisor });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(await env.fingerprint()).toEqual(before);
  });

  it('is for supervisors, quality leads and admins only', async () => {
    const query = `/api/metrics?${range(started, new Date())}`;
    expect((await api.request('GET', query, undefined, { token: passportAgent.token })).status).toBe(403);
    expect((await api.request('GET', query)).status).toBe(401);
    expect((await api.request('GET', query, undefined, { token: (await api.login('quality01')).accessToken })).status).toBe(200);
  });

  it('serves Prometheus text for operations: queue depth, longest wait, agents by state, follow-ups, the routing leader, routing rounds, writes to the database, its pool', async () => {
    await env.db.query(
      `INSERT INTO follow_ups (call_id, kind, cause, status, due_at) VALUES ($1, 'quality_review', 'outcome_unresolved', 'open', now() - interval '1 hour'),
                                                                             ($1, 'callback', 'outcome_unresolved', 'done', now() + interval '1 hour')`,
      [ids.unresolved],
    );
    const response = await fetch(`${api.baseUrl}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/^fc_queue_waiting_calls\{topic="passport"\} 1$/m);
    expect(text).toMatch(/^fc_queue_longest_wait_seconds\{topic="passport"\} \d/m);
    const { rows } = await env.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM agents WHERE state = 'offline'`);
    expect(text).toContain(`fc_agents{state="offline"} ${rows[0]!.n}`);
    expect(text).toMatch(/^fc_routing_round_seconds\{quantile="0.99"\} /m);
    // This file's one api process leads routing.
    expect(text).toMatch(/^fc_routing_leaders 1$/m);
    expect(text).toContain('fc_follow_ups{kind="quality_review",status="open"} 1');
    expect(text).toContain('fc_follow_ups{kind="callback",status="done"} 1');
    expect(text).toContain('fc_follow_ups_overdue{kind="quality_review"} 1');
    expect(text).not.toContain('fc_follow_ups_overdue{kind="callback"}');
    expect(text).toContain('fc_api_process_resident_memory_bytes');
    // The pool is as large as DATABASE_POOL_SIZE says (10 unless set); nothing waits for it in this quiet test.
    expect(text).toMatch(/^fc_database_pool_size 10$/m);
    expect(text).toMatch(/^fc_database_pool_connections\{state="busy"\} \d+$/m);
    expect(text).toMatch(/^fc_database_pool_connections\{state="idle"\} \d+$/m);
    expect(text).toMatch(/^fc_database_pool_waiting 0$/m);
    // The process has written to PostgreSQL (the scrape's own reads among it), and counts on.
    const writes = (scrape: string) => Number(/^fc_database_writes_total (\d+)$/m.exec(scrape)?.[1]);
    expect(writes(text)).toBeGreaterThan(0);
    expect(writes(await (await fetch(`${api.baseUrl}/metrics`)).text())).toBeGreaterThan(writes(text));
  });
});
