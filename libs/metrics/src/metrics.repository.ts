import { AppConfig } from '@fc/config';
import { MetricsGroupBy, type MetricsInterval } from '@fc/contracts';
import type { CallTally, StateSpan } from '@fc/domain';
import { CONTRIBUTION_RECORD, ContributionKind, TALLY_COLUMNS, TransactionRunner, attributeLiveCalls, contributionRecords, type ContributionRecord, type StoredTallyField } from '@fc/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

const COLUMNS = Object.values(TALLY_COLUMNS);
const EPOCH = `TIMESTAMPTZ '2000-01-01 00:00:00+00'`;
/**
 * A callback's first visit counts from when its original first queued, before the callback itself
 * arrived: the provisional count looks this far back before the window for such rows (the index's range).
 */
const CALLBACK_AGE_BOUND = `interval '1 day'`;

/** Where each grouping's rows come from: which contributions, which rollup and its grain, and its key. */
const SOURCES = {
  topic: { kind: ContributionKind.Topic, rollup: 'call_tallies_topic', key: 'r.topic_id', grainMs: 900_000 },
  agent: { kind: ContributionKind.Agent, rollup: 'call_tallies_agent', key: 'r.agent_id', grainMs: 3_600_000 },
  centre: { kind: ContributionKind.Call, rollup: 'call_tallies_centre', key: 'NULL::uuid', grainMs: 900_000 },
} as const;

/** One group of one interval: its entity (topic or agent id), the interval's start, and what it counts. */
export interface TallyRow {
  entityId: string | null;
  intervalStart: Date | null;
  tally: CallTally;
}

export interface FeedbackCounts {
  followUpsDue: number;
  followUpsOnTime: number;
  invited: number;
  received: number;
  positive: number;
}

/** What the metrics' reads and figures depend on besides the query: set per deployment. */
export type MetricsSettings = Pick<AppConfig, 'metricsTimeZone' | 'repeatWindowDays'>;

export interface MetricsQuery {
  from: Date;
  to: Date;
  groupBy: MetricsGroupBy;
  interval: MetricsInterval | null;
}

/** Collects query parameters so each appears once and only if used. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast = ''): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }
}

/**
 * The metrics' reads. Each call's contributions — for the whole centre, per queue visit (topics), per
 * agent's leg (agents and teams) — are libs/domain's `attributeCall`: stored per finished call in
 * `call_contributions` and summed into rollups by a trigger; computed here for calls still in
 * progress. Whole buckets come from the rollups (15 minutes per topic and for the centre, an hour
 * per agent), the range's ragged edges from the contributions, and calls in progress are fed into
 * the same query, so bucketing and time zones are in one place.
 */
@Injectable()
export class MetricsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    @Inject(AppConfig) private readonly config: MetricsSettings,
  ) {}

  async tallies(query: MetricsQuery, now: Date): Promise<TallyRow[]> {
    const source = query.groupBy === MetricsGroupBy.Topic ? SOURCES.topic : query.groupBy === MetricsGroupBy.Interval ? SOURCES.centre : SOURCES.agent;
    // Agent rollups are hourly: 15-minute agent rows come from the contributions themselves.
    const useRollup = !(source === SOURCES.agent && query.interval === '15m');
    let fullFrom = new Date(Math.ceil(query.from.getTime() / source.grainMs) * source.grainMs);
    let fullTo = new Date(Math.floor(query.to.getTime() / source.grainMs) * source.grainMs);
    if (!useRollup || fullFrom >= fullTo) fullFrom = fullTo = query.to;
    // One snapshot for both reads: a call finishing in between would otherwise count as in progress and as finished.
    return this.transactions.run(
      async ({ manager }) => {
        // Calls in progress: few (the floor's), attributed as they stand now. None for a range that ended before the oldest of them queued.
        const live = (await attributeLiveCalls(manager, query.to, now, this.config.repeatWindowDays)).flatMap(contributionRecords).filter((r) => r.kind === source.kind);
        return this.sumTallies(manager, query, source, { fullFrom, fullTo }, live, now);
      },
      { isolation: 'REPEATABLE READ' },
    );
  }

  private async sumTallies(
    manager: EntityManager,
    query: MetricsQuery,
    source: (typeof SOURCES)[keyof typeof SOURCES],
    { fullFrom, fullTo }: { fullFrom: Date; fullTo: Date },
    live: ContributionRecord[],
    now: Date,
  ): Promise<TallyRow[]> {
    const p = new Params();
    const kind = p.add(source.kind, '::text');
    const from = p.add(query.from, '::timestamptz');
    const to = p.add(query.to, '::timestamptz');
    const rollFrom = p.add(fullFrom, '::timestamptz');
    const rollTo = p.add(fullTo, '::timestamptz');
    const provisionalSince = p.add(new Date(now.getTime() - this.config.repeatWindowDays * 86_400_000), '::timestamptz');
    const liveRows = p.add(JSON.stringify(live), '::json');
    const sums = [...COLUMNS, 'provisional'].map((c) => `sum(x.${c})::float8 AS ${c}`).join(', ');

    const rows: Record<string, unknown>[] = await manager.query(
      `WITH parts AS (
         SELECT r.bucket AS ts, ${source.key} AS entity_id, ${COLUMNS.map((c) => `r.${c}`).join(', ')}, 0 AS provisional
           FROM ${source.rollup} r WHERE r.bucket >= ${rollFrom} AND r.bucket < ${rollTo}
         UNION ALL
         SELECT c.counted_at, c.entity_id, ${COLUMNS.map((c) => `c.${c}`).join(', ')}, 0
           FROM call_contributions c
          WHERE c.kind = ${kind} AND ((c.counted_at >= ${from} AND c.counted_at < ${rollFrom}) OR (c.counted_at >= ${rollTo} AND c.counted_at < ${to}))
         UNION ALL
         SELECT l.counted_at, l.entity_id, ${COLUMNS.map((c) => `l.${c}`).join(', ')}, 0
           FROM json_to_recordset(${liveRows}) AS l(${CONTRIBUTION_RECORD})
          WHERE l.counted_at >= ${from} AND l.counted_at < ${to}
         UNION ALL
         -- Resolved calls whose repeat window is still open: counted above, flagged here (an
         -- index-only scan of call_contributions_resolved_no_repeat_idx).
         SELECT c.counted_at, c.entity_id, ${COLUMNS.map(() => '0').join(', ')}, 1
           FROM call_contributions c
          WHERE c.resolved_no_repeat = 1 AND c.kind = ${kind}
            AND c.counted_at >= greatest(${from}, ${provisionalSince} - ${CALLBACK_AGE_BOUND}) AND c.counted_at < ${to}
            AND c.call_arrived_at > ${provisionalSince})
       SELECT ${this.intervalExpression(query.interval, 'x.ts', p)} AS interval_start, x.entity_id, ${sums}
         FROM parts x GROUP BY 1, 2 ORDER BY 1, 2`,
      p.values,
    );
    const columns = Object.entries(TALLY_COLUMNS) as [StoredTallyField, string][];
    return rows.map((row) => {
      // Filled in one order, so every row's tally has the same shape (cheap to make, read and collect).
      const tally = {} as CallTally;
      for (const [field, column] of columns) tally[field] = Number(row[column]);
      tally.provisional = Number(row.provisional);
      return { entityId: (row.entity_id as string | null) ?? null, intervalStart: (row.interval_start as Date | null) ?? null, tally };
    });
  }

  /** Follow-ups and citizen feedback, counted against their calls' group and interval. */
  async feedback(query: MetricsQuery, now: Date): Promise<{ entityId: string | null; intervalStart: Date | null; counts: FeedbackCounts }[]> {
    const p = new Params();
    const from = p.add(query.from, '::timestamptz');
    const to = p.add(query.to, '::timestamptz');
    const nowParam = p.add(now, '::timestamptz');
    const entity = this.callEntityExpression(query.groupBy);
    const interval = this.intervalExpression(query.interval, 'c.queued_at', p);
    const rows: { interval_start: Date | null; entity_id: string | null; due: number; on_time: number; invited: number; received: number; positive: number }[] = await this.dataSource.query(
      `SELECT interval_start, entity_id, sum(due)::int AS due, sum(on_time)::int AS on_time,
                sum(invited)::int AS invited, sum(received)::int AS received, sum(positive)::int AS positive
           FROM (SELECT ${interval} AS interval_start, ${entity} AS entity_id,
                        (f.due_at <= ${nowParam})::int AS due,
                        (f.due_at <= ${nowParam} AND f.done_at IS NOT NULL AND f.done_at <= f.due_at)::int AS on_time,
                        0 AS invited, 0 AS received, 0 AS positive
                   FROM follow_ups f JOIN calls c ON c.id = f.call_id
                  WHERE f.status <> 'cancelled' AND c.queued_at >= ${from} AND c.queued_at < ${to}
                 UNION ALL
                 SELECT ${interval}, ${entity}, 0, 0, 1, (fb.score IS NOT NULL)::int, (fb.score >= 4)::int
                   FROM feedback fb JOIN calls c ON c.id = fb.call_id
                  WHERE c.queued_at >= ${from} AND c.queued_at < ${to}) counted
          GROUP BY 1, 2`,
      p.values,
    );
    return rows.map((r) => ({
      entityId: r.entity_id,
      intervalStart: r.interval_start,
      counts: { followUpsDue: r.due, followUpsOnTime: r.on_time, invited: r.invited, received: r.received, positive: r.positive },
    }));
  }

  /** Each agent's time per state within [from, to), from the agents' log (the state at `from` included). */
  async agentStateSpans(from: Date, to: Date): Promise<Map<string, StateSpan[]>> {
    const rows: { agent_id: string; state: string; seconds: number }[] = await this.dataSource.query(
      `WITH events AS (
         -- The state each agent was in at \`from\` (per agent, through the (agent_id, at) index), then every change after it.
         SELECT a.id AS agent_id, before.state, $1::timestamptz AS at
           FROM agents a
           CROSS JOIN LATERAL (SELECT e.state FROM agent_events e WHERE e.agent_id = a.id AND e.at < $1 ORDER BY e.at DESC LIMIT 1) before
         UNION ALL
         SELECT agent_id, state, at FROM agent_events WHERE at >= $1 AND at < $2),
       spans AS (
         SELECT agent_id, state, at, lead(at, 1, least($2::timestamptz, now())) OVER (PARTITION BY agent_id ORDER BY at) AS until FROM events)
       SELECT agent_id, state, sum(EXTRACT(EPOCH FROM until - at))::float8 AS seconds
         FROM spans WHERE until > at GROUP BY agent_id, state`,
      [from, to],
    );
    const spans = new Map<string, StateSpan[]>();
    for (const r of rows) spans.set(r.agent_id, [...(spans.get(r.agent_id) ?? []), { state: r.state, seconds: r.seconds }]);
    return spans;
  }

  /** Midnight today in the metrics' time zone. */
  async startOfToday(): Promise<Date> {
    const [row]: { start: Date }[] = await this.dataSource.query(`SELECT date_trunc('day', now() AT TIME ZONE $1) AT TIME ZONE $1 AS start`, [this.config.metricsTimeZone]);
    return row!.start;
  }

  async topicKeys(): Promise<Map<string, string>> {
    const rows: { id: string; key: string }[] = await this.dataSource.query('SELECT id, key FROM topics');
    return new Map(rows.map((r) => [r.id, r.key]));
  }

  async agentsById(): Promise<Map<string, { username: string; team: string | null }>> {
    const rows: { id: string; username: string; team: string | null }[] = await this.dataSource.query('SELECT a.id, u.username, a.team FROM agents a JOIN users u ON u.id = a.user_id');
    return new Map(rows.map((r) => [r.id, { username: r.username, team: r.team }]));
  }

  private callEntityExpression(groupBy: MetricsGroupBy): string {
    if (groupBy === MetricsGroupBy.Topic) return 'c.topic_id';
    if (groupBy === MetricsGroupBy.Interval) return 'NULL::uuid';
    return 'c.agent_id';
  }

  /** The start of the interval `ts` falls in; days and hours begin in the metrics' time zone. */
  private intervalExpression(interval: MetricsInterval | null, ts: string, p: Params): string {
    switch (interval) {
      case null:
        return 'NULL::timestamptz';
      case '15m':
        return `date_bin('15 minutes', ${ts}, ${EPOCH})`;
      case '1h':
      case '1d': {
        const zone = p.add(this.config.metricsTimeZone, '::text');
        return `(date_trunc('${interval === '1h' ? 'hour' : 'day'}', ${ts} AT TIME ZONE ${zone}) AT TIME ZONE ${zone})`;
      }
    }
  }
}
