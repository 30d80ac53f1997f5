import type { RatioView } from './metrics.js';

/** What the interval of a difference says about a change (decision 0039). */
export const EffectVerdict = {
  /** The 95 % interval of the difference lies wholly on the better side of 0. */
  Improved: 'improved',
  /** The 95 % interval lies wholly on the worse side of 0. */
  Worsened: 'worsened',
  /** The 95 % interval includes 0: no change the counts can tell. */
  NoChange: 'no_change',
  /** Too few calls to tell yet: a window's denominator is under the minimum, or the after window is not yet as long as asked. */
  TooFew: 'too_few',
} as const;
export type EffectVerdict = (typeof EffectVerdict)[keyof typeof EffectVerdict];

/** Which way a figure is better: FCR and CSAT higher, transfer rate and a root cause's share lower. */
export type EffectDirection = 'higher' | 'lower';

/** One figure before and after a change: the counts of each window, after − before, its 95 % interval and what it says. */
export interface EffectFigure {
  before: RatioView;
  after: RatioView;
  better: EffectDirection;
  /** after.value − before.value; null when either window has no denominator. */
  difference: number | null;
  /** Newcombe's hybrid score interval of the difference (method 10); null when either window has no denominator. */
  ci95: { low: number; high: number } | null;
  verdict: EffectVerdict;
}

/** A half-open window [from, to), ISO-8601. */
export interface EffectWindow {
  from: string;
  to: string;
}

/** `GET /api/insights/effect`: did a change that took effect at `effectiveAt` move the figures of the topics and root causes it addressed? */
export interface EffectReport {
  topicKeys: string[];
  rootCauseKeys: string[];
  effectiveAt: string;
  /** The length asked for, in days. */
  windowDays: number;
  /** [effectiveAt − length, effectiveAt), as long as the after window. */
  before: EffectWindow;
  /** [effectiveAt, min(effectiveAt + windowDays, now)). */
  after: EffectWindow;
  /** False while the after window is shorter than asked: every verdict is then `too_few`. */
  afterComplete: boolean;
  /** The smallest denominator, in each window, a figure needs for a verdict other than `too_few`. */
  minCount: number;
  /** The interval's method, named (decision 0039). */
  method: string;
  repeatWindowDays: number;
  generatedAt: string;
  figures: {
    fcr: EffectFigure;
    /** Calls whose repeat window is still open (provisional) are left out of both windows, and counted here. */
    repeatAdjustedFcr: EffectFigure & { provisional: { before: number; after: number } };
    transferRate: EffectFigure;
    /** Done reviews (of the addressed topics' calls, when topics are given) with an addressed root cause / done reviews; null without root causes. */
    rootCauseShare: EffectFigure | null;
    csat: EffectFigure;
  };
}
