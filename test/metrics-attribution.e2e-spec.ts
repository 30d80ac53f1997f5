import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MetricsFigures, MetricsReport, MetricsRow } from '@fc/contracts';
import { dataSourceOptions } from '@fc/persistence';
import { DataSource } from 'typeorm';
import { eventually, type ApiClient } from './support/api-client.js';
import { agentsFor, signIn, waitForOffer, type SignedInAgent } from './support/agents.js';
import { rollupSums } from './support/rollups.js';
import { databaseUrl } from './support/test-run.js';
import { TestEnvironment } from './support/test-environment.js';

/*
 * DESIGN §7 "Attribution: per queue visit", through the api: a transferred call counts under the
 * topic it visited and the agent who passed it on as well as under those who finished it, each
 * wait is a wait (never handle time), and a threshold changed afterwards gives one answer however
 * the range is cut. Expected values are worked out here from the call's own journey log.
 */
describe('metrics: per queue visit', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let supervisor: string;
  let admin: string;
  let sequence = 0;
  let x: SignedInAgent;
  let y: SignedInAgent;
  let z: SignedInAgent;

  beforeAll(async () => {
    env = await TestEnvironment.create({ OFFER_TIMEOUT_SEC: '30' });
    ({ api } = await env.startApi());
    supervisor = (await api.login('super01')).accessToken;
    admin = (await api.login('admin')).accessToken;
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    // X answers passport and cannot take firearms, so a transfer to firearms waits for Y.
    const firearms = new Set(await agentsFor(env, 'firearms', 1));
    const xName = (await agentsFor(env, 'passport', 1)).find((u) => !firearms.has(u))!;
    const yName = (await agentsFor(env, 'firearms', 1)).find((u) => u !== xName)!;
    const zName = (await agentsFor(env, 'tips', 1)).find((u) => u !== xName && u !== yName)!;
    [x, y, z] = await Promise.all([xName, yName, zName].map((name) => signIn(api, name)));
  });
  afterAll(() => env.close());

  /** When the call arrived, as its row says now: the start of its test's range (its times moved back with it). */
  const arrivedAt = async (callId: string) => (await env.db.query<{ arrived_at: Date }>('SELECT arrived_at FROM calls WHERE id = $1', [callId])).rows[0]!.arrived_at;
  const arrive = async (topicKey: string, callerNumber?: string) => {
    const response = await api.telephony('/calls', { externalId: `va-${Date.now()}-${++sequence}`, topicKey, language: 'nb', ...(callerNumber ? { callerNumber } : {}) });
    expect(response.status).toBe(201);
    return response.body.callId;
  };
  const answer = async (agent: SignedInAgent, callId: string) => {
    await waitForOffer(api, agent, callId);
    expect((await api.callAction(agent.token, callId, 'accept')).status).toBe(200);
  };
  const act = async (agent: SignedInAgent, callId: string, action: string, body?: unknown) => expect((await api.callAction(agent.token, callId, action, body)).status).toBe(200);
  const setState = async (agent: SignedInAgent, state: string, reason?: string) => expect((await api.setState(agent.token, state, reason)).status).toBe(200);
  const report = async (from: Date, to: Date, groupBy: string, interval?: string) => {
    const query = `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}&groupBy=${groupBy}${interval ? `&interval=${interval}` : ''}`;
    const response = await api.request<MetricsReport>('GET', `/api/metrics?${query}`, undefined, { token: supervisor });
    expect(response.status).toBe(200);
    return response.body;
  };
  const topicRow = (rep: MetricsReport, topicKey: string) => rep.rows.find((r) => r.key.topicKey === topicKey)?.figures;
  const agentRow = (rep: MetricsReport, agent: SignedInAgent) => rep.rows.find((r) => r.key.agentId === agent.agentId)?.figures;
  /** The call-counting figures of every row, added up (the whole-centre rows of a range). */
  const centre = (rep: MetricsReport) => {
    const sum = (pick: (f: MetricsFigures) => number) => rep.rows.reduce((n, r: MetricsRow) => n + pick(r.figures), 0);
    return {
      offered: sum((f) => f.offered),
      answered: sum((f) => f.answered),
      abandoned: sum((f) => f.abandoned),
      transferred: sum((f) => f.transferRate.numerator),
      resolved: sum((f) => f.fcr.numerator),
      withOutcome: sum((f) => f.fcr.denominator),
      answerWaitSec: sum((f) => f.asaSec.sum),
      handled: sum((f) => f.ahtSec.count),
      handleSec: sum((f) => f.ahtSec.sum),
    };
  };
  /** Seconds between two of the call's journey events, as the log recorded them: `[type, nth occurrence]`. */
  const journey = async (callId: string) => {
    const { rows } = await env.db.query<{ type: string; at: Date }>('SELECT type, at FROM call_events WHERE call_id = $1 ORDER BY seq', [callId]);
    const at = ([type, nth = 1]: [string, number?]) => rows.filter((r) => r.type === type)[nth - 1]!.at.getTime();
    return (from: [string, number?], to: [string, number?]) => (at(to) - at(from)) / 1000;
  };
  const close = (value: number) => expect.closeTo(value, 6) as unknown as number;

  it('a call transferred to another topic counts under both: the first topic and agent with the transfer, the second with the outcome; each wait is a wait', async () => {
    await setState(x, 'available');
    const callId = await arrive('passport', '+4791666001');
    await answer(x, callId);
    await env.backdateCall(callId, 1000);
    await act(x, callId, 'transfer', { topicKey: 'firearms' });
    await setState(x, 'break', 'admin');
    // Y comes free six seconds later. Longer than the next test's call waits in all (over five
    // seconds): its range, which starts when it arrived, holds nothing of this call.
    await env.backdateCall(callId, 6000);
    await setState(y, 'available');
    await answer(y, callId);
    await env.backdateCall(callId, 500);
    await act(y, callId, 'end');
    await env.backdateCall(callId, 300);
    await act(y, callId, 'outcome', { outcome: 'resolved', expectationAligned: true });
    await setState(y, 'break', 'admin');
    const from = await arrivedAt(callId);
    const to = new Date(Date.now() + 1);

    const seconds = await journey(callId);
    const waitA = seconds(['queued'], ['connected', 1]);
    const talkX = seconds(['connected', 1], ['transferred']);
    const waitB = seconds(['transferred'], ['connected', 2]);
    const handleY = seconds(['connected', 2], ['outcome_recorded']);
    expect(waitB).toBeGreaterThan(1.4);

    const byTopic = await report(from, to, 'topic');
    expect(topicRow(byTopic, 'passport')).toMatchObject({
      offered: 1,
      transferredIn: 0,
      answered: 1,
      abandoned: 0,
      serviceLevel: { numerator: 1, denominator: 1 },
      asaSec: { sum: close(waitA), count: 1 },
      ahtSec: { sum: close(talkX), count: 1 },
      transferRate: { numerator: 1, denominator: 1 },
      runaroundRate: { numerator: 0, denominator: 1 },
      fcr: { numerator: 0, denominator: 0 },
      notRecorded: 0,
    });
    expect(topicRow(byTopic, 'firearms')).toMatchObject({
      offered: 1,
      transferredIn: 1,
      answered: 1,
      abandoned: 0,
      serviceLevel: { numerator: 1, denominator: 1 },
      asaSec: { sum: close(waitB), count: 1 },
      ahtSec: { sum: close(handleY), count: 1 },
      transferRate: { numerator: 0, denominator: 1 },
      fcr: { numerator: 1, denominator: 1 },
      firstLineResolution: { numerator: 0, denominator: 1 },
      repeatAdjustedFcr: { numerator: 1, denominator: 1, provisional: 1 },
    });

    const byAgent = await report(from, to, 'agent');
    expect(agentRow(byAgent, x)).toMatchObject({
      answered: 1,
      transferredIn: 0,
      asaSec: { sum: close(waitA), count: 1 },
      ahtSec: { sum: close(talkX), count: 1 },
      transferRate: { numerator: 1, denominator: 1 },
      fcr: { numerator: 0, denominator: 0 },
    });
    expect(agentRow(byAgent, y)).toMatchObject({
      answered: 1,
      asaSec: { sum: close(waitB), count: 1 },
      ahtSec: { sum: close(handleY), count: 1 },
      transferRate: { numerator: 0, denominator: 1 },
      fcr: { numerator: 1, denominator: 1 },
    });

    // The whole centre counts the call once: one call offered and answered, transferred, resolved;
    // its wait is the first queue's, its handle time the two agents' talk and wrap-up.
    expect(centre(await report(from, to, 'interval', '1d'))).toEqual({
      offered: 1,
      answered: 1,
      abandoned: 0,
      transferred: 1,
      resolved: 1,
      withOutcome: 1,
      answerWaitSec: close(waitA),
      handled: 1,
      handleSec: close(talkX + handleY),
    });
  });

  it('a caller who hangs up in the second queue is an abandon of the second topic, timed from that queue', async () => {
    await setState(x, 'available');
    const callId = await arrive('passport');
    await answer(x, callId);
    // Longer than a short abandon since the call first queued, but not since it joined the second queue.
    await env.backdateCall(callId, 5200);
    await act(x, callId, 'transfer', { topicKey: 'firearms' });
    await setState(x, 'break', 'admin');
    await env.backdateCall(callId, 1000);
    expect((await api.telephony(`/calls/${callId}/hangup`)).status).toBe(200);
    const from = await arrivedAt(callId);
    const to = new Date(Date.now() + 1);

    const seconds = await journey(callId);
    expect(seconds(['transferred'], ['abandoned'])).toBeLessThan(5);
    const byTopic = await report(from, to, 'topic');
    expect(topicRow(byTopic, 'passport')).toMatchObject({
      offered: 1,
      answered: 1,
      abandoned: 0,
      ahtSec: { sum: close(seconds(['connected'], ['transferred'])), count: 1 },
      transferRate: { numerator: 1, denominator: 1 },
    });
    expect(topicRow(byTopic, 'firearms')).toMatchObject({
      offered: 1,
      transferredIn: 1,
      answered: 0,
      abandoned: 1,
      shortAbandons: 1,
      serviceLevel: { numerator: 0, denominator: 0 },
      asaSec: { sum: 0, count: 0 },
      abandonmentRate: { numerator: 0, denominator: 0 },
    });
    expect(agentRow(await report(from, to, 'agent'), x)).toMatchObject({ answered: 1, transferRate: { numerator: 1, denominator: 1 } });
    // The centre: one call, answered (in its first queue), not abandoned.
    expect(centre(await report(from, to, 'interval', '1d'))).toMatchObject({ offered: 1, answered: 1, abandoned: 0, transferred: 1 });
  });

  it('a direct transfer to an agent is no new visit: the topic counts one visit, each agent their own leg', async () => {
    await setState(x, 'available');
    const callId = await arrive('passport', '+4791666002');
    await answer(x, callId);
    await setState(y, 'available');
    await env.backdateCall(callId, 800);
    await act(x, callId, 'transfer', { agentId: y.agentId });
    await setState(x, 'break', 'admin');
    await env.backdateCall(callId, 600);
    await act(y, callId, 'end');
    await act(y, callId, 'outcome', { outcome: 'resolved', expectationAligned: true });
    await setState(y, 'break', 'admin');
    const from = await arrivedAt(callId);
    const to = new Date(Date.now() + 1);

    const seconds = await journey(callId);
    const wait = seconds(['queued'], ['connected']);
    const talkX = seconds(['connected'], ['transferred']);
    const handleY = seconds(['transferred'], ['outcome_recorded']);
    expect(topicRow(await report(from, to, 'topic'), 'passport')).toMatchObject({
      offered: 1,
      transferredIn: 0,
      answered: 1,
      asaSec: { sum: close(wait), count: 1 },
      ahtSec: { sum: close(talkX + handleY), count: 1 },
      transferRate: { numerator: 1, denominator: 1 },
      fcr: { numerator: 1, denominator: 1 },
      firstLineResolution: { numerator: 0, denominator: 1 },
    });
    const byAgent = await report(from, to, 'agent');
    expect(agentRow(byAgent, x)).toMatchObject({
      answered: 1,
      transferredIn: 0,
      asaSec: { count: 1 },
      ahtSec: { sum: close(talkX), count: 1 },
      transferRate: { numerator: 1, denominator: 1 },
      fcr: { denominator: 0 },
    });
    // Y took the call from a colleague, not from a queue: nothing for service level or ASA.
    expect(agentRow(byAgent, y)).toMatchObject({
      answered: 1,
      transferredIn: 1,
      serviceLevel: { numerator: 0, denominator: 0 },
      asaSec: { sum: 0, count: 0 },
      ahtSec: { sum: close(handleY), count: 1 },
      transferRate: { numerator: 0, denominator: 1 },
      fcr: { numerator: 1, denominator: 1 },
    });
  });

  it('judges a wait against the threshold its queue had then: a later change gives one answer however the range is cut', async () => {
    const callId = await arrive('tips', '+4791666003');
    await env.backdateCall(callId, 2500);
    const from = await arrivedAt(callId);
    await setState(z, 'available');
    await answer(z, callId);
    await act(z, callId, 'end');
    await act(z, callId, 'outcome', { outcome: 'resolved', expectationAligned: true });
    await setState(z, 'break', 'admin');
    const seconds = await journey(callId);
    // tips' threshold was 30 s: answered within it. Then it is tightened to 1 s, shorter than this wait.
    expect(seconds(['queued'], ['connected'])).toBeGreaterThan(2);
    expect((await api.request('PATCH', '/api/admin/topics/tips', { serviceLevelThresholdSec: 1 }, { token: admin })).status).toBe(200);

    const hour = 3_600_000;
    // Whole hours (and so whole 15 minutes): the rollups. Ragged ends: counted call by call.
    const whole = [new Date(Math.floor(from.getTime() / hour) * hour - hour), new Date(Math.ceil(Date.now() / hour) * hour + hour)] as const;
    const ragged = [new Date(from.getTime() - 1234), new Date(Date.now() + 4321)] as const;
    const serviceLevels = async ([start, end]: readonly [Date, Date]) => ({
      topic: topicRow(await report(start, end, 'topic'), 'tips')?.serviceLevel,
      agent: agentRow(await report(start, end, 'agent'), z)?.serviceLevel,
    });
    const within = { numerator: 1, denominator: 1, value: 1 };
    expect({ whole: await serviceLevels(whole), ragged: await serviceLevels(ragged) }).toEqual({ whole: { topic: within, agent: within }, ragged: { topic: within, agent: within } });
    // The whole centre too: every wait in these ranges (the earlier tests' calls included) was within its threshold.
    for (const [start, end, interval] of [
      [...whole, '1h'],
      [...ragged, '15m'],
    ] as const) {
      const sl = (await report(start, end, 'interval', interval)).rows.map((r) => r.figures.serviceLevel);
      expect(sl.reduce((n, r) => n + r.numerator, 0)).toBe(sl.reduce((n, r) => n + r.denominator, 0));
    }
  });

  it("an outcome recorded after the wrap-up timed out moves the finishing topic's and agent's figures from not recorded to it", async () => {
    const from = new Date();
    await setState(x, 'available');
    const callId = await arrive('passport', '+4791666004');
    await answer(x, callId);
    await act(x, callId, 'end');
    // The wrap-up runs out of time (as if it had ended an hour ago): not_recorded.
    await env.db.query(`UPDATE calls SET ended_at = now() - interval '1 hour' WHERE id = $1`, [callId]);
    await eventually(async () => ((await api.getCall(supervisor, callId)).body.state === 'completed' ? true : undefined), 'the wrap-up timeout', 10_000);
    await setState(x, 'break', 'admin');
    const to = new Date(Date.now() + 1);
    const outcomeFigures = async () => {
      const pick = (f: MetricsFigures | undefined) => ({ notRecorded: f?.notRecorded, fcr: f?.fcr, aht: f?.ahtSec });
      return { topic: pick(topicRow(await report(from, to, 'topic'), 'passport')), agent: pick(agentRow(await report(from, to, 'agent'), x)) };
    };
    const timedOut = await outcomeFigures();
    expect(timedOut.topic).toMatchObject({ notRecorded: 1, fcr: { numerator: 0, denominator: 0 }, aht: { count: 1 } });
    expect(timedOut.agent).toMatchObject({ notRecorded: 1, fcr: { numerator: 0, denominator: 0 }, aht: { count: 1 } });

    await act(x, callId, 'outcome', { outcome: 'resolved', expectationAligned: true });
    // Resolved now, for the topic and the agent alike; the handle time stays what it was (the call stays completed when it did).
    expect(await outcomeFigures()).toEqual({
      topic: { notRecorded: 0, fcr: { numerator: 1, denominator: 1, value: 1 }, aht: timedOut.topic.aht },
      agent: { notRecorded: 0, fcr: { numerator: 1, denominator: 1, value: 1 }, aht: timedOut.agent.aht },
    });
  });

  it('migrates a database with history: the migration counts the calls already there as the journey counted them', async () => {
    const contributions = async () => (await env.db.query('SELECT * FROM call_contributions ORDER BY call_id, kind, ordinal')).rows;
    // Sums of seconds added in another order: equal to the last 9 digits.
    const rounded = (rows: Record<string, unknown>[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v])));
    const rollups = async () => (await rollupSums(env.db)).map(rounded);
    const written = await contributions();
    // Five calls above, each with a centre row, two visits or one (2 + 2 + 1 + 1 + 1), and their agents' legs (2 + 1 + 2 + 1 + 1).
    expect(written.filter((r) => r.kind === 'call')).toHaveLength(5);
    expect(written.filter((r) => r.kind === 'topic')).toHaveLength(7);
    expect(written.filter((r) => r.kind === 'agent')).toHaveLength(7);
    const kept = await rollups();
    const dataSource = await new DataSource(dataSourceOptions({ url: databaseUrl(env.databaseName), applicationName: 'first-contact-test', poolSize: 2 })).initialize();
    try {
      // Back to the step before the contributions (later migrations are undone first, and redone after).
      const contributionsTable = async () => (await env.db.query(`SELECT to_regclass('call_contributions') AS t`)).rows[0].t;
      let undone = 0;
      while ((await contributionsTable()) !== null) {
        await dataSource.undoLastMigration({ transaction: 'each' });
        undone++;
      }
      // The step before: the rollups kept from calls by call_tally(), no contributions.
      expect((await env.db.query(`SELECT to_regclass('call_contributions') AS t, to_regprocedure('call_tally(calls, integer)') AS f`)).rows[0]).toEqual({ t: null, f: 'call_tally(calls,integer)' });
      expect(await dataSource.runMigrations({ transaction: 'each' })).toHaveLength(undone);
    } finally {
      await dataSource.destroy();
    }
    expect(await contributions()).toEqual(written);
    expect(await rollups()).toEqual(kept);
  });
});
