/** How `GET /api/metrics` groups its rows. */
export const MetricsGroupBy = {
  Topic: 'topic',
  Agent: 'agent',
  Team: 'team',
  Interval: 'interval',
} as const;
export type MetricsGroupBy = (typeof MetricsGroupBy)[keyof typeof MetricsGroupBy];

export const METRICS_INTERVALS = ['15m', '1h', '1d'] as const;
export type MetricsInterval = (typeof METRICS_INTERVALS)[number];

/** A share with what it was computed from; `value` is null when the denominator is 0. */
export interface RatioView {
  value: number | null;
  numerator: number;
  denominator: number;
}

/** A mean with what it was computed from; `value` is null when there is nothing to average. */
export interface MeanView {
  value: number | null;
  sum: number;
  count: number;
}

/** The figures of DESIGN §7 for one row; definitions in docs/metrics.md. */
export interface MetricsFigures {
  offered: number;
  /**
   * Topic rows: queue visits that began with a transfer to the topic (counted in `offered` too).
   * Agent and team rows: calls received by a direct transfer from another agent (counted in
   * `answered` too). Whole-centre rows: 0 — each call counts once, from its first queue.
   */
  transferredIn: number;
  answered: number;
  abandoned: number;
  shortAbandons: number;
  serviceLevel: RatioView;
  asaSec: MeanView;
  abandonmentRate: RatioView;
  ahtSec: MeanView;
  transferRate: RatioView;
  runaroundRate: RatioView;
  fcr: RatioView;
  firstLineResolution: RatioView;
  repeatAdjustedFcr: RatioView & { provisional: number };
  notRecorded: number;
  followUpOnTime: RatioView;
  csat: RatioView;
  feedbackResponseRate: RatioView;
  /** For rows of one agent or team; null otherwise. */
  occupancy: RatioView | null;
}

/** What a row counts: one of the group's keys, and the interval when rows are split by one. */
export interface MetricsRowKey {
  topicKey?: string;
  agentId?: string;
  agentUsername?: string;
  team?: string | null;
  /** Start of the interval (ISO-8601), when the rows are split by interval. */
  intervalStart?: string;
}

export interface MetricsRow {
  key: MetricsRowKey;
  figures: MetricsFigures;
}

/** `GET /api/metrics`. */
export interface MetricsReport {
  from: string;
  to: string;
  groupBy: MetricsGroupBy;
  interval: MetricsInterval | null;
  timeZone: string;
  repeatWindowDays: number;
  generatedAt: string;
  rows: MetricsRow[];
}

/** `GET /api/agents/me/today`: the agent's own figures since the start of today; null before their first call. */
export interface AgentTodayView {
  since: string;
  figures: MetricsFigures | null;
}
