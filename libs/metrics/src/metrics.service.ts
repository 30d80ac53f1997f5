import { AppConfig } from '@fc/config';
import { MetricsGroupBy, type AgentTodayView, type MetricsTick } from '@fc/contracts';
import { checkDateRange } from '@fc/domain';
import { Injectable } from '@nestjs/common';
import { MetricsQueryError, ReportTimedOutError } from './metrics-errors.js';
import { computeReport } from './metrics-report.js';
import { MetricsRepository, type MetricsQuery } from './metrics.repository.js';
import { ReportThreads } from './report-threads.js';

const DAY_MS = 86_400_000;
/** The longest range one request may ask for, and the longest split into 15-minute rows. */
const MAX_RANGE_DAYS = 400;
const MAX_15M_RANGE_DAYS = 31;
const INTERVAL_MS = { '15m': 900_000, '1h': 3_600_000, '1d': DAY_MS } as const;

/**
 * `GET /api/metrics`: the figures of DESIGN §7 per topic, agent, team or interval. Requested
 * reports are computed in report threads (decision 0029); today's figures for the floor (the
 * supervisors' tick, an agent's own day) are small and read here, on the main pool.
 */
@Injectable()
export class MetricsService {
  constructor(
    private readonly metrics: MetricsRepository,
    private readonly threads: ReportThreads,
    private readonly config: AppConfig,
  ) {}

  /** @throws DateRangeError for a range that is empty or too long, MetricsQueryError for 15-minute rows over a long range or a grouping that needs an interval */
  checkQuery(query: MetricsQuery): void {
    checkDateRange(query.from, query.to, { days: MAX_RANGE_DAYS });
    const days = (query.to.getTime() - query.from.getTime()) / DAY_MS;
    if (query.interval === '15m' && days > MAX_15M_RANGE_DAYS) throw new MetricsQueryError(`15-minute intervals are for ranges of at most ${MAX_15M_RANGE_DAYS} days`);
    if (query.groupBy === MetricsGroupBy.Interval && !query.interval) throw new MetricsQueryError('groupBy=interval needs an interval: 15m, 1h or 1d');
  }

  /**
   * A requested report, checked, then computed in a report thread and returned as the text that
   * goes out (JSON or CSV).
   * @throws DateRangeError, MetricsQueryError for a bad query or one that could have more than `metricsMaxRows` rows
   * @throws ReportsBusyError when too many reports wait, ReportTimedOutError when a query ran past the statement timeout
   * @throws ReportAbandonedError when `signal` says the client went away before the report was done
   */
  async report(query: MetricsQuery, format: 'json' | 'csv', signal: AbortSignal): Promise<Uint8Array> {
    this.checkQuery(query);
    await this.checkSize(query);
    const body = await this.threads.run({ from: query.from.toISOString(), to: query.to.toISOString(), groupBy: query.groupBy, interval: query.interval, format }, signal);
    if (body) return body;
    throw new ReportTimedOutError(this.config.metricsStatementTimeoutSec);
  }

  /** @throws MetricsQueryError if the report could have more rows than allowed: one per group and interval */
  private async checkSize(query: MetricsQuery): Promise<void> {
    const intervals = query.interval ? Math.ceil((query.to.getTime() - query.from.getTime()) / INTERVAL_MS[query.interval]) + 1 : 1;
    const groups =
      query.groupBy === MetricsGroupBy.Interval
        ? 1
        : query.groupBy === MetricsGroupBy.Topic
          ? (await this.metrics.topicKeys()).size + 1
          : query.groupBy === MetricsGroupBy.Team
            ? new Set([...(await this.metrics.agentsById()).values()].map((a) => a.team)).size
            : (await this.metrics.agentsById()).size;
    const most = groups * intervals;
    if (most > this.config.metricsMaxRows) {
      throw new MetricsQueryError(
        `this report could have ${most} rows (${groups} × ${intervals} intervals), more than ${this.config.metricsMaxRows}: ask for a shorter range, a coarser interval or a coarser grouping`,
      );
    }
  }

  /** Today so far per topic, for supervisors' `metrics.tick`. */
  async today(): Promise<MetricsTick> {
    const since = await this.metrics.startOfToday();
    const now = new Date();
    const report = await computeReport({ from: since, to: new Date(now.getTime() + 1), groupBy: MetricsGroupBy.Topic, interval: null }, this.metrics, this.config);
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
    const report = await computeReport({ from: since, to: new Date(Date.now() + 1), groupBy: MetricsGroupBy.Agent, interval: null }, this.metrics, this.config);
    return { since: since.toISOString(), figures: report.rows.find((row) => row.key.agentId === agentId)?.figures ?? null };
  }
}
