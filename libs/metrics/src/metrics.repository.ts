import { AppConfig } from '@fc/config';
import { MetricsGroupBy, type MetricsInterval } from '@fc/contracts';
import { emptyTally, type CallTally, type StateSpan } from '@fc/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** `CallTally` field → column of `call_tally()` and the rollups (migration CallTallies). */
const TALLY_COLUMNS: Record<Exclude<keyof CallTally, 'provisional'>, string> = {
  offered: 'offered',
  answered: 'answered',
  answeredWithinTarget: 'answered_within_target',
  abandoned: 'abandoned',
  shortAbandons: 'short_abandons',
  answerWaitSec: 'answer_wait_sec',
  handled: 'handled',
  handleSec: 'handle_sec',
  transferred: 'transferred',
  runaround: 'runaround',
  withOutcome: 'with_outcome',
  notRecorded: 'not_recorded',
  resolved: 'resolved',
  resolvedFirstLine: 'resolved_first_line',
  withOutcomeKnownCaller: 'with_outcome_known_caller',
  resolvedNoRepeat: 'resolved_no_repeat',
};
const COLUMNS = Object.values(TALLY_COLUMNS);
const TERMINAL = `('completed', 'abandoned', 'callback_requested')`;
const LIVE = `('arrived', 'queued', 'offered', 'connected', 'wrap_up')`;
const EPOCH = `TIMESTAMPTZ '2000-01-01 00:00:00+00'`;
/** `call_tally(c).resolved_no_repeat = 1` as a condition, matching the partial index `calls_resolved_no_repeat_idx`. */
const RESOLVED_NO_REPEAT = `c.state = 'completed' AND c.queued_at IS NOT NULL AND c.answered_at IS NOT NULL AND c.completed_at IS NOT NULL
            AND c.outcome IN ('resolved', 'self_service', 'referred') AND c.caller_key IS NOT NULL AND c.repeat_contact_at IS NULL`;

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
 * The metrics' reads. Finished calls are counted from the rollups for whole buckets (15 minutes per
 * topic, an hour per agent), and from the calls themselves at the range's ragged edges; calls still
 * in progress always from the calls. Each call's contribution is `call_tally()` in SQL, the same
 * definition as `tallyCall` in libs/domain (a test holds them against each other).
 */
@Injectable()
export class MetricsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async tallies(query: MetricsQuery, now: Date): Promise<TallyRow[]> {
    const byAgent = query.groupBy === MetricsGroupBy.Agent || query.groupBy === MetricsGroupBy.Team;
    // Agent rollups are hourly: 15-minute agent rows come from the calls themselves.
    const grainMs = byAgent ? 3_600_000 : 900_000;
    const useRollup = !(byAgent && query.interval === '15m');
    let fullFrom = new Date(Math.ceil(query.from.getTime() / grainMs) * grainMs);
    let fullTo = new Date(Math.floor(query.to.getTime() / grainMs) * grainMs);
    if (!useRollup || fullFrom >= fullTo) fullFrom = fullTo = query.to;

    const p = new Params();
    const from = p.add(query.from, '::timestamptz');
    const to = p.add(query.to, '::timestamptz');
    const rollFrom = p.add(fullFrom, '::timestamptz');
    const rollTo = p.add(fullTo, '::timestamptz');
    const provisionalSince = p.add(new Date(now.getTime() - this.config.repeatWindowDays * 86_400_000), '::timestamptz');
    const rollup = byAgent ? 'call_tallies_agent' : 'call_tallies_topic';
    const rollupEntity = byAgent ? 'r.agent_id' : query.groupBy === MetricsGroupBy.Topic ? 'r.topic_id' : 'NULL::uuid';
    const callEntity = byAgent ? 'c.agent_id' : query.groupBy === MetricsGroupBy.Topic ? 'c.topic_id' : 'NULL::uuid';
    const agentOnly = byAgent ? 'AND c.agent_id IS NOT NULL' : '';
    const fromCalls = `FROM calls c JOIN topics t ON t.id = c.topic_id CROSS JOIN LATERAL call_tally(c, t.service_level_threshold_sec) x`;
    const sums = [...COLUMNS, 'provisional'].map((c) => `sum(p.${c})::float8 AS ${c}`).join(', ');

    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `WITH parts AS (
         SELECT r.bucket AS ts, ${rollupEntity} AS entity_id, ${COLUMNS.map((c) => `r.${c}`).join(', ')}, 0 AS provisional
           FROM ${rollup} r WHERE r.bucket >= ${rollFrom} AND r.bucket < ${rollTo}
         UNION ALL
         SELECT c.queued_at, ${callEntity}, ${COLUMNS.map((c) => `x.${c}`).join(', ')}, 0
           ${fromCalls}
          WHERE c.state IN ${TERMINAL} ${agentOnly}
            AND ((c.queued_at >= ${from} AND c.queued_at < ${rollFrom}) OR (c.queued_at >= ${rollTo} AND c.queued_at < ${to}))
         UNION ALL
         SELECT c.queued_at, ${callEntity}, ${COLUMNS.map((c) => `x.${c}`).join(', ')}, 0
           ${fromCalls}
          WHERE c.state IN ${LIVE} ${agentOnly} AND c.queued_at >= ${from} AND c.queued_at < ${to}
         UNION ALL
         -- Resolved calls whose repeat window is still open: counted above, flagged here. The
         -- condition is call_tally's resolved_no_repeat, and that of calls_resolved_no_repeat_idx.
         SELECT c.queued_at, ${callEntity}, ${COLUMNS.map(() => '0').join(', ')}, 1
           FROM calls c
          WHERE ${RESOLVED_NO_REPEAT} ${agentOnly} AND c.queued_at >= greatest(${from}, ${provisionalSince}) AND c.queued_at < ${to}
            AND c.arrived_at > ${provisionalSince})
       SELECT ${this.intervalExpression(query.interval, 'p.ts', p)} AS interval_start, p.entity_id, ${sums}
         FROM parts p GROUP BY 1, 2 ORDER BY 1, 2`,
      p.values,
    );
    return rows.map((row) => {
      const tally = emptyTally();
      for (const [field, column] of Object.entries(TALLY_COLUMNS)) tally[field as keyof CallTally] = Number(row[column]);
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
    const rows: { interval_start: Date | null; entity_id: string | null; due: number; on_time: number; invited: number; received: number; positive: number }[] =
      await this.dataSource.query(
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

