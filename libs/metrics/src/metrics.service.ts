import { AppConfig } from '@fc/config';
import { MetricsGroupBy, type AgentTodayView, type MetricsFigures, type MetricsReport, type MetricsRow, type MetricsRowKey, type MetricsTick } from '@fc/contracts';
import { addTallies, callFigures, citizenFeedback, emptyTally, followUpOnTime, occupancy, type CallTally, type StateSpan } from '@fc/domain';
import { PgErrorCode, pgErrorCode } from '@fc/persistence';
import { BadRequestException, Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { MetricsRepository, type FeedbackCounts, type MetricsQuery } from './metrics.repository.js';
import { mapInSlices } from './in-slices.js';
import { ReportGate } from './report-gate.js';
import { REPORTS_METRICS_REPOSITORY } from './reports-data-source.js';

const DAY_MS = 86_400_000;
/** The longest range one request may ask for, and the longest split into 15-minute rows. */
const MAX_RANGE_DAYS = 400;
const MAX_15M_RANGE_DAYS = 31;
const INTERVAL_MS = { '15m': 900_000, '1h': 3_600_000, '1d': DAY_MS } as const;

interface Group {
  key: MetricsRowKey;
  /** Null until the group's first tally row. */
  tally: CallTally | null;
  feedback: FeedbackCounts;
  /** For occupancy: the agents in this row. */
  agentIds: string[];
}

const noFeedback = (): FeedbackCounts => ({ followUpsDue: 0, followUpsOnTime: 0, invited: 0, received: 0, positive: 0 });

/**
 * `GET /api/metrics`: the figures of DESIGN §7 per topic, agent, team or interval. Requested
 * reports wait for one of a few turns and read through their own pool (decision 0028); today's
 * figures for the floor (supervisors' tick, an agent's own day) are small and read as before.
 */
@Injectable()
export class MetricsService {
  /** Reports take turns here (decision 0028); its load is on `GET /metrics`. */
  readonly gate: ReportGate;

  constructor(
    private readonly metrics: MetricsRepository,
    @Inject(REPORTS_METRICS_REPOSITORY) private readonly reports: MetricsRepository,
    private readonly config: AppConfig,
  ) {
    this.gate = new ReportGate(config.metricsReportConcurrency, config.metricsReportQueue);
  }

  /** @throws BadRequestException for a range that is empty, too long, or a grouping that needs an interval */
  checkQuery(query: MetricsQuery): void {
    const days = (query.to.getTime() - query.from.getTime()) / DAY_MS;
    if (!(days > 0)) throw new BadRequestException('to must be after from');
    if (days > MAX_RANGE_DAYS) throw new BadRequestException(`the range may be at most ${MAX_RANGE_DAYS} days`);
    if (query.interval === '15m' && days > MAX_15M_RANGE_DAYS) throw new BadRequestException(`15-minute intervals are for ranges of at most ${MAX_15M_RANGE_DAYS} days`);
    if (query.groupBy === MetricsGroupBy.Interval && !query.interval) throw new BadRequestException('groupBy=interval needs an interval: 15m, 1h or 1d');
  }

  /**
   * A requested report: checked, then computed in its turn on the reports' pool, unless `signal`
   * says its client has gone by then ({@link ReportAbandonedError}).
   * @throws BadRequestException for a bad query or one that could have more than `metricsMaxRows` rows
   * @throws ServiceUnavailableException when too many reports wait, or a query ran past the statement timeout
   */
  async report(query: MetricsQuery, signal?: AbortSignal): Promise<MetricsReport> {
    this.checkQuery(query);
    await this.checkSize(query);
    try {
      return await this.gate.run(() => this.compute(query, this.reports), signal);
    } catch (error) {
      if (pgErrorCode(error) !== PgErrorCode.QueryCanceled) throw error;
      throw new ServiceUnavailableException(
        `the report took longer than ${this.config.metricsStatementTimeoutSec} s and was stopped: ask for a shorter range, a coarser interval or a coarser grouping`,
      );
    }
  }

  /** @throws BadRequestException if the report could have more rows than allowed: one per group and interval */
  private async checkSize(query: MetricsQuery): Promise<void> {
    const intervals = query.interval ? Math.ceil((query.to.getTime() - query.from.getTime()) / INTERVAL_MS[query.interval]) + 1 : 1;
    const groups =
      query.groupBy === MetricsGroupBy.Interval ? 1
      : query.groupBy === MetricsGroupBy.Topic ? (await this.metrics.topicKeys()).size + 1
      : query.groupBy === MetricsGroupBy.Team ? new Set([...(await this.metrics.agentsById()).values()].map((a) => a.team)).size
      : (await this.metrics.agentsById()).size;
    const most = groups * intervals;
    if (most > this.config.metricsMaxRows) {
      throw new BadRequestException(
        `this report could have ${most} rows (${groups} × ${intervals} intervals), more than ${this.config.metricsMaxRows}: ask for a shorter range, a coarser interval or a coarser grouping`,
      );
    }
  }

  private async compute(query: MetricsQuery, metrics: MetricsRepository): Promise<MetricsReport> {
    const now = new Date();
    const byAgent = query.groupBy === MetricsGroupBy.Agent || query.groupBy === MetricsGroupBy.Team;
    // Independent reads, side by side on the pool: the answer takes as long as the slowest, not the sum.
    const [tallies, feedback, topics, agents, spans] = await Promise.all([
      metrics.tallies(query, now),
      metrics.feedback(query, now),
      query.groupBy === MetricsGroupBy.Topic ? metrics.topicKeys() : new Map<string, string>(),
      byAgent ? metrics.agentsById() : new Map<string, { username: string; team: string | null }>(),
      // Occupancy is an agent's figure: for agent and team rows over the whole range.
      byAgent && !query.interval ? metrics.agentStateSpans(query.from, query.to) : null,
    ]);

    const groups = new Map<string, Group>();
    const groupOf = (entityId: string | null, intervalStart: Date | null): Group => {
      const key: MetricsRowKey = {};
      let id = entityId;
      if (query.groupBy === MetricsGroupBy.Topic) key.topicKey = topics.get(entityId ?? '') ?? 'unknown';
      if (query.groupBy === MetricsGroupBy.Agent) Object.assign(key, { agentId: entityId, agentUsername: agents.get(entityId ?? '')?.username ?? null });
      if (query.groupBy === MetricsGroupBy.Team) {
        key.team = agents.get(entityId ?? '')?.team ?? null;
        id = `team:${key.team ?? ''}`;
      }
      if (intervalStart) key.intervalStart = new Date(intervalStart).toISOString();
      const k = `${id ?? '-'}|${intervalStart ? new Date(intervalStart).toISOString() : '-'}`;
      let group = groups.get(k);
      if (!group) groups.set(k, (group = { key, tally: null, feedback: noFeedback(), agentIds: [] }));
      if (entityId && byAgent && !group.agentIds.includes(entityId)) group.agentIds.push(entityId);
      return group;
    };
    // In slices, as every loop over a report's rows: a long report must not hold up the floor's requests.
    await mapInSlices(tallies, (row) => {
      const group = groupOf(row.entityId, row.intervalStart);
      group.tally = group.tally ? addTallies(group.tally, row.tally) : row.tally;
    });
    await mapInSlices(feedback, ({ entityId, intervalStart, counts }) => {
      const group = groupOf(entityId, intervalStart);
      for (const field of Object.keys(counts) as (keyof FeedbackCounts)[]) group.feedback[field] += counts[field];
    });

    const rows: MetricsRow[] = await mapInSlices([...groups.values()], (group) => ({ key: group.key, figures: this.figures(group, spans) }));
    rows.sort((a, b) => compareKeys(a.key, b.key));
    return {
      from: query.from.toISOString(),
      to: query.to.toISOString(),
      groupBy: query.groupBy,
      interval: query.interval,
      timeZone: this.config.metricsTimeZone,
      repeatWindowDays: this.config.repeatWindowDays,
      generatedAt: now.toISOString(),
      rows,
    };
  }

  /** Today so far per topic, for supervisors' `metrics.tick`. */
  async today(): Promise<MetricsTick> {
    const since = await this.metrics.startOfToday();
    const now = new Date();
    const report = await this.compute({ from: since, to: new Date(now.getTime() + 1), groupBy: MetricsGroupBy.Topic, interval: null }, this.metrics);
    const rows = new Map(report.rows.map((row) => [row.key.topicKey, row.figures]));
    const topics = [...(await this.metrics.topicKeys()).values()].sort();
    return {
      at: now.toISOString(),
      since: since.toISOString(),
      topics: topics.map((topicKey) => {
        const f = rows.get(topicKey);
        return {
          topicKey,
          offered: f?.offered ?? 0,
          transferredIn: f?.transferredIn ?? 0,
          answered: f?.answered ?? 0,
          abandoned: f?.abandoned ?? 0,
          shortAbandons: f?.shortAbandons ?? 0,
          answeredWithinTarget: f?.serviceLevel.numerator ?? 0,
          serviceLevel: f?.serviceLevel.value ?? null,
          asaSec: f?.asaSec.value ?? null,
        };
      }),
    };
  }

  /** Today so far for one agent (their legs of calls: answered, passed on, finished), for the agent's own day. */
  async agentToday(agentId: string): Promise<AgentTodayView> {
    const since = await this.metrics.startOfToday();
    const report = await this.compute({ from: since, to: new Date(Date.now() + 1), groupBy: MetricsGroupBy.Agent, interval: null }, this.metrics);
    return { since: since.toISOString(), figures: report.rows.find((row) => row.key.agentId === agentId)?.figures ?? null };
  }

  private figures(group: Group, spans: Map<string, StateSpan[]> | null): MetricsFigures {
    const { csat, responseRate } = citizenFeedback(group.feedback.positive, group.feedback.received, group.feedback.invited);
    return {
      ...callFigures(group.tally ?? emptyTally()),
      followUpOnTime: followUpOnTime(group.feedback.followUpsOnTime, group.feedback.followUpsDue),
      csat,
      feedbackResponseRate: responseRate,
      occupancy: spans ? occupancy(group.agentIds.flatMap((id) => spans.get(id) ?? [])) : null,
    };
  }
}

function compareKeys(a: MetricsRowKey, b: MetricsRowKey): number {
  const text = (k: MetricsRowKey) => `${k.intervalStart ?? ''}|${k.topicKey ?? k.agentUsername ?? k.team ?? ''}`;
  return text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0;
}
