import { AppConfig } from '@fc/config';
import { ReviewStatus, type InsightInterval, type RootCauseInsightReport, type RootCauseInsightRow } from '@fc/contracts';
import { checkDateRange } from '@fc/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RootCausesService } from './root-causes.service.js';

/** The longest range one report may cover. */
const MAX_RANGE_YEARS = 2;

export interface RootCauseInsightsQuery {
  from: Date;
  to: Date;
  interval: InsightInterval;
  topicKey: string | null;
}

/**
 * Root causes aggregated by topic and period (DESIGN §6): what went wrong, where, and when. A
 * review counts in the period its call arrived, like the metrics count calls, so the report sits
 * beside the FCR of the same days; only done reviews count, each root cause once per review.
 */
@Injectable()
export class RootCauseInsightsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rootCauses: RootCausesService,
    private readonly config: AppConfig,
  ) {}

  /** @throws DateRangeError for an empty range or one longer than two years */
  checkQuery({ from, to }: RootCauseInsightsQuery): void {
    checkDateRange(from, to, { years: MAX_RANGE_YEARS });
  }

  async report(query: RootCauseInsightsQuery): Promise<RootCauseInsightReport> {
    this.checkQuery(query);
    const zone = this.config.metricsTimeZone;
    // $3 is one of day, week, month (validated); weeks begin on Monday, as date_trunc's ISO weeks do.
    const done = `SELECT r.root_causes, t.key AS topic_key, date_trunc($3, c.arrived_at AT TIME ZONE $4) AT TIME ZONE $4 AS period_start
        FROM reviews r JOIN calls c ON c.id = r.call_id JOIN topics t ON t.id = r.topic_id
       WHERE r.status = '${ReviewStatus.Done}' AND c.arrived_at >= $1 AND c.arrived_at < $2 AND ($5::text IS NULL OR t.key = $5)`;
    const params = [query.from, query.to, query.interval, zone, query.topicKey];
    const [counts, reviewsDone, taxonomy] = await Promise.all([
      this.dataSource.query<{ periodStart: Date; topicKey: string; rootCause: string; count: number }[]>(
        `SELECT d.period_start AS "periodStart", d.topic_key AS "topicKey", cause AS "rootCause", count(*)::int AS count
           FROM (${done}) d, unnest(d.root_causes) AS cause GROUP BY 1, 2, 3`,
        params,
      ),
      this.dataSource.query<{ periodStart: Date; topicKey: string; count: number }[]>(
        `SELECT d.period_start AS "periodStart", d.topic_key AS "topicKey", count(*)::int AS count FROM (${done}) d GROUP BY 1, 2`,
        params,
      ),
      this.rootCauses.listAll(),
    ]);
    const doneIn = new Map(reviewsDone.map((r) => [`${r.periodStart.toISOString()}|${r.topicKey}`, r.count]));
    const order = new Map(taxonomy.map((cause, index) => [cause.key, index]));
    const rows: RootCauseInsightRow[] = counts.map((r) => {
      const periodStart = r.periodStart.toISOString();
      return { periodStart, topicKey: r.topicKey, rootCause: r.rootCause, count: r.count, reviewsDone: doneIn.get(`${periodStart}|${r.topicKey}`) ?? 0 };
    });
    // Periods in time order, topics by key, causes in the taxonomy's order (a key no longer in it last).
    rows.sort(
      (a, b) =>
        a.periodStart.localeCompare(b.periodStart) ||
        a.topicKey.localeCompare(b.topicKey) ||
        (order.get(a.rootCause) ?? Infinity) - (order.get(b.rootCause) ?? Infinity) ||
        a.rootCause.localeCompare(b.rootCause),
    );
    const perTopic = new Map<string, number>();
    for (const r of reviewsDone) perTopic.set(r.topicKey, (perTopic.get(r.topicKey) ?? 0) + r.count);
    return {
      from: query.from.toISOString(),
      to: query.to.toISOString(),
      interval: query.interval,
      timeZone: zone,
      topicKey: query.topicKey,
      rows,
      topics: [...perTopic].sort(([a], [b]) => a.localeCompare(b)).map(([topicKey, count]) => ({ topicKey, reviewsDone: count })),
      rootCauses: taxonomy,
    };
  }
}
