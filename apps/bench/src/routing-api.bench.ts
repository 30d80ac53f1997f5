import { TERMINAL_CALL_STATES, checkJourneyInvariants } from '@fc/domain';
import { BenchEnvironment } from './bench-environment.js';
import { CallTraffic, makeAvailable } from './call-traffic.js';
import { DatabaseCounters, type DatabaseWork } from './database-capacity.js';
import { percentile, round2 } from './machine.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (line: string) => process.stderr.write(`${line}\n`);

/** A lifecycle's steps after arrival, by the journey event that marks each. */
const LIFECYCLE_STEPS = { offered: 'offered', connected: 'connected', talkEnded: 'talk_ended', outcomeRecorded: 'outcome_recorded' } as const;
type LifecycleStep = keyof typeof LIFECYCLE_STEPS;

interface OfferLatency {
  /** From the arrival's journey event to the call's first `offered` (the round's commit), in the database's clock. */
  p50: number;
  p99: number;
  callsPerSec: number;
  calls: number;
  neverOffered: number;
  /**
   * What the agent's console waits for: from the arrival's request leaving the bench to the offer
   * reaching the agent's socket (p50, p99), and of that, the part after the round's commit
   * (`afterOffered`: the feed, the offer's caller history read and its message). Calls whose offer
   * no socket got are `neverDelivered`.
   */
  deliveredToAgent: { p50: number; p99: number; afterOffered: { p50: number; p99: number }; neverDelivered: number };
}

export interface RoutingApiFigures extends DatabaseWork {
  apiProcesses: number;
  /** Generated calls in the database before the run (a week of a line's traffic), so tables, plans and statistics are a running line's. */
  historyCalls: number;
  offerLatencyMs: OfferLatency & { agents: number };
  /**
   * The same arrival rate over the first `warmUpSec` after the api processes started, measured
   * apart and before `offerLatencyMs`: a fresh process compiles its code and prepares its
   * statements on its first calls (docs/decisions/0064). What a caller meets just after a restart.
   * Null when `warmUpSec` is 0.
   */
  coldStartOfferLatencyMs: (OfferLatency & { seconds: number }) | null;
  lifecyclesPerSec: number;
  lifecycleWindowSec: number;
  invariantViolations: number;
  /** Agents' actions the api refused or that failed, by action, status and reason (counted in `invariantViolations`). */
  failedActions: Record<string, number>;
  /**
   * Where a lifecycle's time went: for the calls that arrived in the lifecycle window and were
   * completed, ms from arrival to each step's first journey event (p50 and mean). Each step is a
   * wait somewhere (the round, the offer's delivery and the agent's request, each action's own).
   */
  lifecycleStepsMs: { calls: number; steps: Record<LifecycleStep, { p50: number; mean: number }> };
  /** Offer latency at rising arrival rates, until its p99 passes 1 s (when asked for). */
  ramp?: { steps: OfferLatency[]; p99PassesOneSecondAtCallsPerSec: number | null };
}

/**
 * Through the api: call-arrival → offer latency at a steady arrival rate, then sustained complete
 * lifecycles per second with as many callers as keep the api busy, then the routing invariants
 * over everything that happened.
 */
export async function benchRoutingApi(options: {
  agents: number;
  callsPerSec: number;
  latencySec: number;
  /** Seconds of the same arrivals first, reported apart as the cold start (0: none). */
  warmUpSec: number;
  lifecycleSec: number;
  callers: number;
  apiProcesses: number;
  /** Each api process's `DATABASE_POOL_SIZE`. */
  databasePoolSize: number;
  /** Arrival rates to step through after the lifecycles, each for `rampStepSec`, until the offer p99 passes 1 s. */
  rampCallsPerSec?: number[];
  rampStepSec?: number;
  /** Calls of history loaded first, over the week before today. */
  historyCalls: number;
}): Promise<RoutingApiFigures> {
  say(`preparing a floor of ${options.agents} agents`);
  const env = await BenchEnvironment.create(options.agents);
  try {
    // A fresh database's tables are empty, and the api's prepared statements would keep plans
    // made for empty tables (a sequential scan) while the run grows them: no running line's database
    // looks like that. The invariants below are checked over the run's own calls, not the history.
    if (options.historyCalls > 0) {
      say(`loading ${options.historyCalls} calls of history`);
      await env.generateHistory(options.historyCalls, 7);
    }
    const { rows: marks } = await env.db.query<{ since: Date }>('SELECT now() AS since');
    const runSince = marks[0]!.since;
    const apis: string[] = [];
    for (let i = 0; i < options.apiProcesses; i++) apis.push(await env.spawnApi({ OFFER_TIMEOUT_SEC: '30', ROUTING_TICK_MS: '1000', DATABASE_POOL_SIZE: String(options.databasePoolSize) }));
    const agents = await env.agents();
    const traffic = new CallTraffic(apis, new Map(agents.map((a) => [a.agentId, a])));
    await makeAvailable(apis, agents);
    await traffic.listen();

    const counters = await DatabaseCounters.open(env.db, env.database);
    const offerLatency = async (callsPerSec: number, seconds: number): Promise<OfferLatency> => {
      say(`offer latency: ${callsPerSec} calls/s for ${seconds} s`);
      const { callIds, callsPerSec: achievedRate } = await traffic.arriveAtRate(callsPerSec, Math.round(callsPerSec * seconds));
      // Every call counts, the slowest above all: wait until each has had its first offer.
      const offeredCount = async () =>
        Number((await env.db.query<{ n: string }>(`SELECT count(DISTINCT call_id) AS n FROM call_events WHERE type = 'offered' AND call_id = ANY($1)`, [callIds])).rows[0]!.n);
      for (let waited = 0, offered = await offeredCount(); offered < callIds.length && waited < 120_000; waited += 500, offered = await offeredCount()) {
        process.stderr.write(`\r  ${offered}/${callIds.length} offered`);
        await pause(500);
      }
      const { rows: latencies } = await env.db.query<{ call_id: string; ms: number; offered_at: number }>(
        `SELECT a.call_id, EXTRACT(EPOCH FROM min(o.at) - min(a.at)) * 1000 AS ms, EXTRACT(EPOCH FROM min(o.at)) * 1000 AS offered_at
           FROM call_events a JOIN call_events o ON o.call_id = a.call_id AND o.type = 'offered'
          WHERE a.type = 'arrived' AND a.call_id = ANY($1) GROUP BY a.call_id`,
        [callIds],
      );
      process.stderr.write(`\r  ${latencies.length}/${callIds.length} offered\n`);
      // An offer reaches its agent's socket a little after the round commits it.
      for (let waited = 0; traffic.offersReceived(callIds) < latencies.length && waited < 10_000; waited += 100) await pause(100);
      const deliveries = traffic.takeOfferDeliveries(callIds);
      const delivered = [...deliveries.values()].map(({ sentAt, receivedAt }) => receivedAt - sentAt).sort((a, b) => a - b);
      const afterOffered = latencies
        .filter((r) => deliveries.has(r.call_id))
        .map((r) => deliveries.get(r.call_id)!.receivedAt - Number(r.offered_at))
        .sort((a, b) => a - b);
      const sorted = latencies.map((r) => Number(r.ms)).sort((a, b) => a - b);
      return {
        p50: round2(percentile(sorted, 50)),
        p99: round2(percentile(sorted, 99)),
        callsPerSec: round2(achievedRate),
        calls: callIds.length,
        neverOffered: callIds.length - sorted.length,
        deliveredToAgent: {
          p50: round2(percentile(delivered, 50)),
          p99: round2(percentile(delivered, 99)),
          afterOffered: { p50: round2(percentile(afterOffered, 50)), p99: round2(percentile(afterOffered, 99)) },
          neverDelivered: callIds.length - delivered.length,
        },
      };
    };
    const coldStart = options.warmUpSec > 0 ? await offerLatency(options.callsPerSec, options.warmUpSec) : null;
    const latency = await offerLatency(options.callsPerSec, options.latencySec);

    await counters.settle();
    const windowEnd = await counters.start(env.apiPids(), apis, options.apiProcesses * options.databasePoolSize);
    say(`lifecycles: ${options.callers} callers for ${options.lifecycleSec} s`);
    const before = traffic.completed;
    const until = Date.now() + options.lifecycleSec * 1000;
    const caller = async () => {
      while (Date.now() < until) {
        const callId = await traffic.arrive();
        await traffic.completion(callId);
      }
    };
    const ticker = setInterval(() => process.stderr.write(`\r  ${traffic.completed - before} lifecycles`), 1000);
    const windowStart = Date.now();
    const [{ at: windowFrom }] = (await env.db.query<{ at: Date }>('SELECT now() AS at')).rows;
    await Promise.all(Array.from({ length: options.callers }, caller));
    const windowSec = (Date.now() - windowStart) / 1000;
    clearInterval(ticker);
    const lifecycles = traffic.completed - before;
    process.stderr.write(`\r  ${lifecycles} lifecycles in ${round2(windowSec)} s\n`);
    await counters.settle();
    const work = await windowEnd(lifecycles);
    const lifecycleStepsMs = await lifecycleSteps(env, windowFrom!);

    let ramp: RoutingApiFigures['ramp'];
    if (options.rampCallsPerSec) {
      const steps: OfferLatency[] = [];
      for (const rate of options.rampCallsPerSec) {
        steps.push(await offerLatency(rate, options.rampStepSec ?? 8));
        if (steps.at(-1)!.p99 > 1000) break;
        await pause(2000);
      }
      const passed = steps.find((step) => step.p99 > 1000);
      ramp = { steps, p99PassesOneSecondAtCallsPerSec: passed ? passed.callsPerSec : null };
      // The last step's calls finish before the traffic stops: one cut off mid-call is no finding.
      const unfinished = async () => Number((await env.db.query<{ n: string }>(`SELECT count(*) AS n FROM calls WHERE NOT (state = ANY($1))`, [TERMINAL_CALL_STATES])).rows[0]!.n);
      for (let waited = 0; (await unfinished()) > 0 && waited < 120_000; waited += 500) await pause(500);
    }
    traffic.stop();
    await pause(500);

    say('checking the routing invariants over every call');
    const { rows: calls } = await env.db.query<{ id: string; state: string }>('SELECT id, state FROM calls WHERE arrived_at >= $1', [runSince]);
    const { rows: log } = await env.db.query<{ call_id: string; seq: number; type: string; at: Date; agent_id: string | null; data: { to?: string; toAgentId?: string } }>(
      'SELECT e.call_id, e.seq, e.type, e.at, e.agent_id, e.data FROM call_events e JOIN calls c ON c.id = e.call_id WHERE c.arrived_at >= $1 ORDER BY e.call_id, e.seq',
      [runSince],
    );
    const report = checkJourneyInvariants(
      calls,
      log.map((e) => ({ callId: e.call_id, seq: e.seq, type: e.type, at: e.at, agentId: e.agent_id, data: e.data })),
    );
    return {
      apiProcesses: apis.length,
      historyCalls: options.historyCalls,
      offerLatencyMs: { ...latency, agents: agents.length },
      coldStartOfferLatencyMs: coldStart && { ...coldStart, seconds: options.warmUpSec },
      lifecyclesPerSec: round2(lifecycles / windowSec),
      lifecycleWindowSec: round2(windowSec),
      invariantViolations: report.doubleOffers.length + report.overlappingHolds.length + report.badTerminals.length + traffic.failed,
      failedActions: Object.fromEntries(traffic.failures),
      lifecycleStepsMs,
      ...work,
      ...(ramp ? { ramp } : {}),
    };
  } finally {
    // BENCH_KEEP_DATABASE=1 leaves the database for a look afterwards (EXPLAIN on a floor after load).
    await env.close({ keepDatabase: process.env.BENCH_KEEP_DATABASE === '1' });
  }
}

/** {@link RoutingApiFigures.lifecycleStepsMs} for the completed calls that arrived from `since`. */
async function lifecycleSteps(env: BenchEnvironment, since: Date): Promise<RoutingApiFigures['lifecycleStepsMs']> {
  const { rows } = await env.db.query<{ type: string; calls: number; p50: number; mean: number }>(
    `WITH firsts AS (
       SELECT e.call_id, e.type, min(e.at) AS at
         FROM call_events e JOIN calls c ON c.id = e.call_id
        WHERE c.arrived_at >= $1 AND c.state = 'completed' AND e.type = ANY($2)
        GROUP BY e.call_id, e.type
     )
     SELECT s.type, count(*)::int AS calls,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM s.at - a.at) * 1000)::float AS p50,
            avg(EXTRACT(EPOCH FROM s.at - a.at) * 1000)::float AS mean
       FROM firsts s JOIN firsts a ON a.call_id = s.call_id AND a.type = 'arrived'
      WHERE s.type <> 'arrived'
      GROUP BY s.type`,
    [since, ['arrived', ...Object.values(LIFECYCLE_STEPS)]],
  );
  const byType = new Map(rows.map((r) => [r.type, r]));
  const steps = Object.fromEntries(Object.entries(LIFECYCLE_STEPS).map(([step, type]) => [step, { p50: round2(byType.get(type)?.p50 ?? 0), mean: round2(byType.get(type)?.mean ?? 0) }])) as Record<
    LifecycleStep,
    { p50: number; mean: number }
  >;
  return { calls: byType.get(LIFECYCLE_STEPS.outcomeRecorded)?.calls ?? 0, steps };
}
