import { AppConfig } from '@fc/config';
import type { InsightInterval, RootCauseInsightReport, RootCauseInsightRow } from '@fc/contracts';
import { checkDateRange } from '@fc/domain';
import { Injectable } from '@nestjs/common';
import { ReviewsRepository } from './reviews.repository.js';
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
    private readonly reviews: ReviewsRepository,
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
    const [{ byRootCause, reviews: reviewsDone }, taxonomy] = await Promise.all([this.reviews.countDone(query, zone), this.rootCauses.listAll()]);
    const doneIn = new Map(reviewsDone.map((r) => [`${r.periodStart.toISOString()}|${r.topicKey}`, r.count]));
    const order = new Map(taxonomy.map((cause, index) => [cause.key, index]));
    const rows: RootCauseInsightRow[] = byRootCause.map((r) => {
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
