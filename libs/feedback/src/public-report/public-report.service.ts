import { AppConfig, Clock } from '@fc/config';
import { FEEDBACK_SCORE_MAX, FEEDBACK_SCORE_MIN } from '@fc/contracts';
import { publicCount, publicShare, type PublicCount } from '@fc/domain';
import { RootCauseInsightsService } from '@fc/quality';
import { Injectable } from '@nestjs/common';
import { PublicReportRepository, type PublicActionRow, type PublicTopic } from './public-report.repository.js';

const DAY_MS = 86_400_000;
/** A score of 4 or 5 is a satisfied citizen, as CSAT counts it (DESIGN §7). */
const SATISFIED_MIN_SCORE = 4;

/** One root cause found in the topic's done reviews, named from the taxonomy. */
export interface PublicRootCause {
  key: string;
  nameNb: string;
  nameEn: string;
  count: PublicCount;
}

/** What one topic's public page says, in either language; only counts, taxonomy names, public summaries and measured figures. */
export interface PublicTopicReport {
  topic: PublicTopic;
  days: number;
  from: Date;
  to: Date;
  reviewsDone: PublicCount;
  /** Most often found first. */
  rootCauses: PublicRootCause[];
  feedback: {
    answers: PublicCount;
    /** Share with a score of 4 or 5; null under five answers. */
    satisfied: number | null;
    /** Scores 1 to 5, in order. */
    scores: PublicCount[];
  };
  actions: PublicActionRow[];
}

interface Cached<T> {
  until: number;
  value: Promise<T>;
}

/**
 * "What came of it" (issue 18, decision 0042): what callers told us about a topic, what the centre
 * changed and what changed since, for anyone to read. Computing is bounded: each topic's report and
 * the topic list are computed at most once per `PUBLIC_REPORT_CACHE_SEC` in this process (requests
 * meanwhile share the one computation), and a request never starts an effect measurement: the
 * effect shown is the one stored on the action.
 */
@Injectable()
export class PublicReportService {
  private topics: Cached<PublicTopic[]> | null = null;
  /** Keyed by topics that exist only, so it holds at most one entry per topic. */
  private readonly reports = new Map<string, Cached<PublicTopicReport>>();

  constructor(
    private readonly repository: PublicReportRepository,
    private readonly insights: RootCauseInsightsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The active topics, each of which has a page. */
  activeTopics(): Promise<PublicTopic[]> {
    this.topics = this.fresh(this.topics, () => this.repository.activeTopics());
    return this.topics.value;
  }

  /** @returns the topic's report, or null for a topic that does not exist or is not active */
  async report(topicKey: string): Promise<PublicTopicReport | null> {
    const topic = (await this.activeTopics()).find((candidate) => candidate.key === topicKey);
    if (!topic) return null;
    const cached = this.fresh(this.reports.get(topic.key) ?? null, () => this.compute(topic));
    this.reports.set(topic.key, cached);
    return cached.value;
  }

  private fresh<T>(cached: Cached<T> | null, compute: () => Promise<T>): Cached<T> {
    const now = this.clock.now().getTime();
    if (cached && cached.until > now) return cached;
    const value = compute();
    const entry = { until: now + this.config.publicReportCacheSec * 1000, value };
    // A failed computation is not kept: the next request tries again.
    value.catch(() => {
      entry.until = 0;
    });
    return entry;
  }

  private async compute(topic: PublicTopic): Promise<PublicTopicReport> {
    const days = this.config.publicReportDays;
    const to = this.clock.now();
    const from = new Date(to.getTime() - days * DAY_MS);
    // The root-cause insights' own counts: done reviews by the arrival of their calls, each cause once per review.
    const [insights, scores, actions] = await Promise.all([
      this.insights.report({ from, to, interval: 'month', topicKey: topic.key }),
      this.repository.countFeedbackScores(topic.key, from, to),
      this.repository.findPublicActions(topic.key),
    ]);
    const found = new Map<string, number>();
    for (const row of insights.rows) found.set(row.rootCause, (found.get(row.rootCause) ?? 0) + row.count);
    const taxonomy = new Map(insights.rootCauses.map((cause, index) => [cause.key, { cause, index }]));
    const rootCauses = [...found]
      // A cause no longer in the taxonomy has no public name: it is left out rather than shown by its key.
      .filter(([key]) => taxonomy.has(key))
      .sort(([a, countA], [b, countB]) => countB - countA || taxonomy.get(a)!.index - taxonomy.get(b)!.index)
      .map(([key, count]) => ({ key, nameNb: taxonomy.get(key)!.cause.nameNb, nameEn: taxonomy.get(key)!.cause.nameEn, count: publicCount(count) }));
    const reviewsDone = insights.topics.reduce((n, row) => n + row.reviewsDone, 0);
    let answers = 0;
    let satisfied = 0;
    const spread: PublicCount[] = [];
    for (let score = FEEDBACK_SCORE_MIN; score <= FEEDBACK_SCORE_MAX; score++) {
      const count = scores.get(score) ?? 0;
      answers += count;
      if (score >= SATISFIED_MIN_SCORE) satisfied += count;
      spread.push(publicCount(count));
    }
    return {
      topic,
      days,
      from,
      to,
      reviewsDone: publicCount(reviewsDone),
      rootCauses,
      feedback: { answers: publicCount(answers), satisfied: publicShare(satisfied, answers), scores: spread },
      actions,
    };
  }
}
