import { AppConfig } from '@fc/config';
import { MetricsGroupBy, type EffectDirection, type EffectReport, type MetricsFigures, type MetricsReport, type RatioView } from '@fc/contracts';
import { NEWCOMBE_METHOD, compareProportions, effectWindows, ratio } from '@fc/domain';
import { ReviewsRepository, RootCausesService } from '@fc/quality';
import { Injectable } from '@nestjs/common';
import { MetricsQueryError } from './metrics-errors.js';
import { MetricsRepository } from './metrics.repository.js';
import { MetricsService } from './metrics.service.js';

/** What a change addressed and when it took effect: what `measure` is asked. */
export interface EffectInput {
  /** The topics the change addressed; none: the whole centre. */
  topicKeys: readonly string[];
  /** The root causes it addressed; none: no root-cause share. */
  rootCauseKeys: readonly string[];
  effectiveAt: Date;
  /** Default `EFFECT_WINDOW_DAYS`. */
  windowDays?: number;
}

/** The counts of one window that the figures compare. */
interface WindowCounts {
  fcr: RatioView;
  repeatAdjustedFcr: RatioView;
  provisional: number;
  transferRate: RatioView;
  csat: RatioView;
  rootCauseShare: RatioView | null;
}

const sum = (views: readonly RatioView[]): RatioView =>
  ratio(
    views.reduce((n, v) => n + v.numerator, 0),
    views.reduce((n, v) => n + v.denominator, 0),
  );

/**
 * "Did it work?" (issue 18, decision 0039): the figures of the topics and root causes a change
 * addressed, over equal windows before and after it took effect, each difference with Newcombe's
 * 95 % interval and a verdict. The counts are the metrics' own: the report of `GET /api/metrics`
 * for each window, computed in a report thread, its topic rows' numerators and denominators added
 * up; the root-cause share counts done reviews as the root-cause insights do.
 */
@Injectable()
export class EffectMeasurementService {
  constructor(
    private readonly metrics: MetricsService,
    private readonly metricsRepository: MetricsRepository,
    private readonly reviews: ReviewsRepository,
    private readonly rootCauses: RootCausesService,
    private readonly config: AppConfig,
  ) {}

  /**
   * @throws MetricsQueryError for a change not yet in effect, an unknown topic or root cause
   * @throws ReportsBusyError, ReportTimedOutError as a metrics report does
   */
  async measure(input: EffectInput, signal: AbortSignal = new AbortController().signal): Promise<EffectReport> {
    const now = new Date();
    if (input.effectiveAt.getTime() >= now.getTime()) throw new MetricsQueryError('effectiveAt must be in the past: a change is measured once it has taken effect');
    const topicKeys = [...new Set(input.topicKeys)].sort();
    const rootCauseKeys = [...new Set(input.rootCauseKeys)].sort();
    await this.checkKeys(topicKeys, rootCauseKeys);
    const windowDays = input.windowDays ?? this.config.effectWindowDays;
    const windows = effectWindows(input.effectiveAt, windowDays, now);
    // One after the other: each holds a report thread, and other reports wait for them.
    const before = await this.windowCounts(windows.before, topicKeys, rootCauseKeys, signal);
    const after = await this.windowCounts(windows.after, topicKeys, rootCauseKeys, signal);
    const compare = (pick: (counts: WindowCounts) => RatioView, better: EffectDirection) =>
      compareProportions(pick(before), pick(after), { better, minCount: this.config.effectMinCount, afterComplete: windows.complete });
    return {
      topicKeys,
      rootCauseKeys,
      effectiveAt: input.effectiveAt.toISOString(),
      windowDays,
      before: { from: windows.before.from.toISOString(), to: windows.before.to.toISOString() },
      after: { from: windows.after.from.toISOString(), to: windows.after.to.toISOString() },
      afterComplete: windows.complete,
      minCount: this.config.effectMinCount,
      method: NEWCOMBE_METHOD,
      repeatWindowDays: this.config.repeatWindowDays,
      generatedAt: now.toISOString(),
      figures: {
        fcr: compare((c) => c.fcr, 'higher'),
        repeatAdjustedFcr: { ...compare((c) => c.repeatAdjustedFcr, 'higher'), provisional: { before: before.provisional, after: after.provisional } },
        transferRate: compare((c) => c.transferRate, 'lower'),
        rootCauseShare: rootCauseKeys.length > 0 ? compare((c) => c.rootCauseShare!, 'lower') : null,
        csat: compare((c) => c.csat, 'higher'),
      },
    };
  }

  /** @throws MetricsQueryError naming the first topic or root cause that does not exist */
  private async checkKeys(topicKeys: readonly string[], rootCauseKeys: readonly string[]): Promise<void> {
    const [topics, causes] = await Promise.all([this.metricsRepository.topicKeys(), rootCauseKeys.length > 0 ? this.rootCauses.listAll() : []]);
    const knownTopics = new Set(topics.values());
    const unknownTopic = topicKeys.find((key) => !knownTopics.has(key));
    if (unknownTopic) throw new MetricsQueryError(`Unknown topicKey "${unknownTopic}"`);
    const knownCauses = new Set(causes.map((cause) => cause.key));
    const unknownCause = rootCauseKeys.find((key) => !knownCauses.has(key));
    if (unknownCause) throw new MetricsQueryError(`Unknown rootCause "${unknownCause}"`);
  }

  private async windowCounts(window: { from: Date; to: Date }, topicKeys: readonly string[], rootCauseKeys: readonly string[], signal: AbortSignal): Promise<WindowCounts> {
    // The addressed topics' rows, or the whole centre's (each call once) split by day when no topic is given.
    const query = topicKeys.length > 0 ? { groupBy: MetricsGroupBy.Topic, interval: null } : { groupBy: MetricsGroupBy.Interval, interval: '1d' as const };
    const report = JSON.parse(new TextDecoder().decode(await this.metrics.report({ ...window, ...query }, 'json', signal))) as MetricsReport;
    const rows: MetricsFigures[] = report.rows.filter((row) => topicKeys.length === 0 || topicKeys.includes(row.key.topicKey ?? '')).map((row) => row.figures);
    const provisional = rows.reduce((n, f) => n + f.repeatAdjustedFcr.provisional, 0);
    const repeatAdjusted = sum(rows.map((f) => f.repeatAdjustedFcr));
    const reviews = rootCauseKeys.length > 0 ? await this.reviews.countDoneWithRootCauses(window.from, window.to, topicKeys, rootCauseKeys) : null;
    return {
      fcr: sum(rows.map((f) => f.fcr)),
      // A resolved call whose repeat window is still open may yet be a repeat: left out of both counts, and counted apart.
      repeatAdjustedFcr: ratio(repeatAdjusted.numerator - provisional, repeatAdjusted.denominator - provisional),
      provisional,
      transferRate: sum(rows.map((f) => f.transferRate)),
      csat: sum(rows.map((f) => f.csat)),
      rootCauseShare: reviews && ratio(reviews.withRootCause, reviews.done),
    };
  }
}
