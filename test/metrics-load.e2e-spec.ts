import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AgentOfferEvent, MetricsReport } from '@fc/contracts';
import { performance } from 'node:perf_hooks';
import { eventually, type ApiClient } from './support/api-client.js';
import { agentsFor, signIn, type SignedInAgent } from './support/agents.js';
import { openSocket, type AgentSocket } from './support/sockets.js';
import { TestEnvironment } from './support/test-environment.js';

/** A year of history, large enough that ten year-long reports by agent and day keep this machine's PostgreSQL busy. */
const CALLS = Number(process.env.FC_TEST_METRICS_LOAD_CALLS ?? 150_000);
const DAY = 86_400_000;
/**
 * What an offer may take under load beyond twice its quiet time. A running report's backend holds
 * one of the two cores, and each of a round's statements may wait a few milliseconds behind it.
 * Since a round takes four round trips (decision 0063) an offer's quiet time is 9–17 ms, and twice
 * that is within a few such waits: a CI run saw 9.45 ms quiet and 21.5 ms loaded (2.17×). The
 * starvation this test is for was 17.8 s against 73 ms.
 */
const OFFER_SLACK_MS = 10;
const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;

describe('heavy metrics reports do not starve the floor', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let supervisor: string;
  let agent: SignedInAgent;
  let socket: AgentSocket;
  let sequence = 0;

  beforeAll(async () => {
    env = await TestEnvironment.create({ OFFER_TIMEOUT_SEC: '30' });
    await env.generateHistory([`--calls=${CALLS}`, '--days=365']);
    ({ api } = await env.spawnApi());
    supervisor = (await api.login('super01')).accessToken;
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    agent = await signIn(api, (await agentsFor(env, 'passport'))[0]!);
    socket = openSocket<AgentSocket>(api.baseUrl, '/agent', agent.token);
    await eventually(async () => (socket.connected ? true : undefined), 'the agent socket');
    expect((await api.setState(agent.token, 'available')).status).toBe(200);
  }, 300_000);
  afterAll(async () => {
    socket?.close();
    await env.close();
  });

  /** The floor as an agent feels it: `GET /api/agents/me` round trips, and a new call's arrival until its offer reaches the socket. */
  const floorLatency = async (into: { me: number[]; offer: number[] }, meSamples = 20, offerSamples = 8) => {
    for (let i = 0; i < meSamples; i++) {
      const started = performance.now();
      expect((await api.me(agent.token)).status).toBe(200);
      into.me.push(performance.now() - started);
    }
    for (let i = 0; i < offerSamples; i++) {
      // The first offer after the arrival is this call's: the agent is the only one available and nobody else waits.
      const offered = new Promise<AgentOfferEvent>((resolve) => socket.once('offer', resolve));
      const started = performance.now();
      const arrived = await api.telephony('/calls', { externalId: `ml-${Date.now()}-${++sequence}`, topicKey: 'passport', language: 'nb' });
      expect(arrived.status).toBe(201);
      const callId: string = arrived.body.callId;
      expect((await offered).callId).toBe(callId);
      into.offer.push(performance.now() - started);
      // The caller hangs up: the agent is free for the next one.
      expect((await api.telephony(`/calls/${callId}/hangup`)).status).toBe(200);
      await eventually(async () => ((await api.me(agent.token)).body.offer ? undefined : true), 'the offer gone', 60_000);
    }
  };

  /** Reports the api is computing or holding in its queue, as its `GET /metrics` says. */
  const reportsInProgress = async () => {
    const text = await (await fetch(`${api.baseUrl}/metrics`)).text();
    return [...text.matchAll(/^fc_metrics_reports\{state="(?:running|waiting)"\} (\d+)$/gm)].reduce((sum, [, n]) => sum + Number(n), 0);
  };

  /** Whether a report's query runs in PostgreSQL now. */
  const reportRunning = async () => {
    const { rows } = await env.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE '%call_tallies_agent%' AND pid <> pg_backend_pid()`,
    );
    return rows[0]!.n > 0;
  };

  it('keeps GET /api/agents/me about as fast as when quiet, and a new call offered within a second, while ten year-long reports run', async () => {
    const end = new Date();
    end.setUTCHours(0, 0, 0, 0);
    const query = `from=${new Date(end.getTime() - 365 * DAY).toISOString()}&to=${end.toISOString()}&groupBy=agent&interval=1d`;

    const statuses: number[] = [];
    const reportMs: number[] = [];
    /** Ten supervisors asking for the year again and again, until told to stop (their requests are then dropped). */
    const startReports = () => {
      const stop = new AbortController();
      const reporter = async () => {
        while (!stop.signal.aborted) {
          const started = performance.now();
          try {
            const response = await fetch(`${api.baseUrl}/api/metrics?${query}`, { headers: { authorization: `Bearer ${supervisor}` }, signal: stop.signal });
            // Read, not parsed: this process measures the floor and must not be the one that is busy.
            await response.arrayBuffer();
            statuses.push(response.status);
            reportMs.push(performance.now() - started);
          } catch (error) {
            if (!stop.signal.aborted) throw error;
          }
        }
      };
      const reporters = Array.from({ length: 10 }, reporter);
      return async () => {
        stop.abort();
        await Promise.all(reporters);
        // Dropped requests leave the queue; the one being computed finishes, in PostgreSQL and in the api.
        await eventually(async () => ((await reportsInProgress()) === 0 && !(await reportRunning()) ? true : undefined), 'no report in progress', 60_000);
      };
    };

    await floorLatency({ me: [], offer: [] }); // warm-up
    // Quiet and loaded in turns, so that whatever else this machine runs meanwhile weighs on both.
    const quiet = { me: [] as number[], offer: [] as number[] };
    const loaded = { me: [] as number[], offer: [] as number[] };
    /** Each round's loaded median over its own quiet median, a pair measured seconds apart. */
    const ratios = { me: [] as number[], offer: [] as number[] };
    /** Each round's loaded offer median over what it may take: twice its quiet median and {@link OFFER_SLACK_MS}. */
    const offerHeadroom: number[] = [];
    for (let round = 0; round < 4; round++) {
      const roundQuiet = { me: [] as number[], offer: [] as number[] };
      const roundLoaded = { me: [] as number[], offer: [] as number[] };
      await floorLatency(roundQuiet);
      const stopReports = startReports();
      // The reports are under way in PostgreSQL before the floor is measured.
      await eventually(async () => ((await reportRunning()) ? true : undefined), 'a report running in PostgreSQL', 30_000);
      await floorLatency(roundLoaded);
      // Real work: at least one more report answered before the reports stop.
      const answered = statuses.length;
      await eventually(async () => (statuses.length > answered ? true : undefined), 'a report answered', 60_000);
      await stopReports();
      for (const key of ['me', 'offer'] as const) {
        quiet[key].push(...roundQuiet[key]);
        loaded[key].push(...roundLoaded[key]);
        ratios[key].push(median(roundLoaded[key]) / median(roundQuiet[key]));
      }
      offerHeadroom.push(median(roundLoaded.offer) / (2 * median(roundQuiet.offer) + OFFER_SLACK_MS));
    }
    const figures = (samples: { me: number[]; offer: number[] }) => ({ meMs: median(samples.me), offerMs: median(samples.offer) });
    const [calm, busy] = [figures(quiet), figures(loaded)];

    /** The middle of the rounds' ratios (the mean of the middle two of four). */
    const middle = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return (sorted[1]! + sorted[2]!) / 2;
    };
    const ratio = { me: middle(ratios.me), offer: middle(ratios.offer), offerOfAllowed: middle(offerHeadroom) };
    process.stderr.write(
      `${JSON.stringify({ calls: CALLS, quiet: calm, loaded: busy, roundRatios: ratios, ratio, reports: statuses.length, statuses: [...new Set(statuses)], reportMedianMs: Math.round(median(reportMs)) })}\n`,
    );
    // The reports were real work, answered or turned away with a clear status, never a 500.
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s >= 500 && s !== 503)).toEqual([]);
    // An agent's requests within twice their quiet latency, and a new call's offer (a routing
    // round of a dozen queries) within twice its quiet latency and OFFER_SLACK_MS. Before reports had their own pool and turn: /me 9 ms quiet, 5 s loaded;
    // an offer 73 ms quiet, 17.8 s loaded. With reports on the api's event loop in short slices, an
    // offer was still at 1.5–3.1× (decision 0028); in report threads, at about its quiet time.
    // Each round's loaded figure is held against its own quiet one, seconds apart, so that another
    // test file starting or ending beside this one weighs on both halves of a pair (decision 0029).
    expect(ratio.me).toBeLessThanOrEqual(2);
    expect(ratio.offerOfAllowed).toBeLessThanOrEqual(1);
  }, 300_000);

  it('computes one report at a time in its thread, refuses one more than the queue holds with 503, and drops a report whose client has gone', async () => {
    const gated = (await env.spawnApi({ METRICS_REPORT_CONCURRENCY: '1', METRICS_REPORT_QUEUE: '1' })).api;
    const end = new Date();
    end.setUTCHours(0, 0, 0, 0);
    const url = `${gated.baseUrl}/api/metrics?from=${new Date(end.getTime() - 7 * DAY).toISOString()}&to=${end.toISOString()}&groupBy=agent`;
    const ask = (signal?: AbortSignal) => fetch(url, { headers: { authorization: `Bearer ${supervisor}` }, signal });
    /** This api's reports running and waiting, as its `GET /metrics` says. */
    const load = async () => {
      const text = await (await fetch(`${gated.baseUrl}/metrics`)).text();
      return Object.fromEntries([...text.matchAll(/^fc_metrics_reports\{state="(running|waiting)"\} (\d+)$/gm)].map(([, state, n]) => [state, Number(n)]));
    };

    // A report's query waits on a lock on the agents' rollup: it holds the one thread.
    const blocker = await env.db.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE call_tallies_agent IN ACCESS EXCLUSIVE MODE');
      const first = ask();
      await eventually(async () => ((await load()).running === 1 ? true : undefined), 'the first report running');
      const leaving = new AbortController();
      const second = ask(leaving.signal).catch((error: unknown) => error);
      await eventually(async () => ((await load()).waiting === 1 ? true : undefined), 'the second report waiting');

      const third = await ask();
      expect(third.status).toBe(503);
      expect(await third.json()).toEqual({ statusCode: 503, error: 'Service Unavailable', message: '1 reports are being prepared and 1 wait: try again in a moment' });

      // The second one's client goes away: its report leaves the queue, and is never computed.
      leaving.abort();
      expect(await second).toMatchObject({ name: 'AbortError' });
      await eventually(async () => ((await load()).waiting === 0 ? true : undefined), 'the abandoned report gone from the queue');
      expect((await load()).running).toBe(1);

      await blocker.query('ROLLBACK');
      const answered = await first;
      expect(answered.status).toBe(200);
      expect(((await answered.json()) as MetricsReport).rows.length).toBeGreaterThan(0);
      await eventually(async () => ((await load()).running === 0 ? true : undefined), 'no report running');

      // A report being computed whose client goes away has its thread stopped; the next report gets a new one.
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE call_tallies_agent IN ACCESS EXCLUSIVE MODE');
      const stopping = new AbortController();
      const stopped = ask(stopping.signal).catch((error: unknown) => error);
      await eventually(async () => ((await load()).running === 1 ? true : undefined), 'a report running again');
      stopping.abort();
      expect(await stopped).toMatchObject({ name: 'AbortError' });
      await eventually(async () => ((await load()).running === 0 ? true : undefined), 'the stopped report gone');
      await blocker.query('ROLLBACK');
      expect((await ask()).status).toBe(200);
    } finally {
      await blocker.query('ROLLBACK');
      blocker.release();
    }
  }, 120_000);

  it('refuses a report that could have too many rows with 400, and stops one that runs too long with 503, not 500', async () => {
    const strict = (await env.spawnApi({ METRICS_MAX_ROWS: '1000', METRICS_STATEMENT_TIMEOUT_SEC: '1' })).api;
    const end = new Date();
    end.setUTCHours(0, 0, 0, 0);
    const get = (from: Date, groupBy: string, interval?: string) =>
      strict.request('GET', `/api/metrics?from=${from.toISOString()}&to=${end.toISOString()}&groupBy=${groupBy}${interval ? `&interval=${interval}` : ''}`, undefined, { token: supervisor });

    const tooMany = await get(new Date(end.getTime() - 365 * DAY), 'agent', '1d');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(/could have \d+ rows .*more than 1000: ask for a shorter range/) });

    // A report's query held up (here by a lock on the agents' rollup) is cancelled by the statement timeout.
    const blocker = await env.db.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE call_tallies_agent IN ACCESS EXCLUSIVE MODE');
      const started = performance.now();
      const stopped = await get(new Date(end.getTime() - 7 * DAY), 'agent');
      expect(stopped.status).toBe(503);
      expect(stopped.body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: expect.stringContaining('took longer than 1 s') });
      expect(performance.now() - started).toBeLessThan(10_000);
    } finally {
      await blocker.query('ROLLBACK');
      blocker.release();
    }
    // Narrowed, the same report is answered.
    expect((await get(new Date(end.getTime() - 7 * DAY), 'agent')).status).toBe(200);
  }, 120_000);
});
