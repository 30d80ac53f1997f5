import { EffectVerdict, type EffectDirection, type EffectFigure, type RatioView } from '@fc/contracts';

/*
 * "Did it work?" (decision 0039): a proportion before a change and after it, the difference with a
 * 95 % interval, and a verdict. The interval is Newcombe's hybrid score interval (method 10 of
 * Newcombe 1998, Statistics in Medicine 17:873–890), built from the Wilson score interval of each
 * proportion: it keeps near 95 % coverage at small counts and near 0 % or 100 %, where the usual
 * normal-approximation (Wald) interval is too narrow or leaves [−1, 1].
 */

/** The standard normal quantile for a two-sided 95 % interval, Φ⁻¹(0.975). */
export const Z_95 = 1.959963984540054;

/** The interval's method as the effect reports name it. */
export const NEWCOMBE_METHOD = "Newcombe's hybrid score interval (method 10; Newcombe 1998, Statistics in Medicine 17:873) from Wilson score intervals of each proportion, 95 %";

/** The smallest denominator a window needs, when nothing says otherwise, before a figure gets a verdict. */
export const DEFAULT_EFFECT_MIN_COUNT = 100;
/** The windows' length when nothing says otherwise: four weeks, so each window holds every weekday four times. */
export const DEFAULT_EFFECT_WINDOW_DAYS = 28;

const DAY_MS = 86_400_000;

export interface Interval {
  low: number;
  high: number;
}

function checkCounts(x: number, n: number): void {
  if (!Number.isInteger(x) || !Number.isInteger(n) || x < 0 || n < 0 || x > n) throw new RangeError(`a proportion needs whole counts 0 ≤ x ≤ n, not ${x}/${n}`);
}

/**
 * The Wilson score interval of x/n (without continuity correction): the p whose score test at
 * level `z` does not reject, (2np̂ + z² ± z√(z² + 4np̂(1 − p̂))) / (2(n + z²)). Null for n = 0.
 */
export function wilsonInterval(x: number, n: number, z = Z_95): Interval | null {
  checkCounts(x, n);
  if (n === 0) return null;
  const p = x / n;
  const centre = 2 * n * p + z * z;
  const spread = z * Math.sqrt(z * z + 4 * n * p * (1 - p));
  const denominator = 2 * (n + z * z);
  // At x = 0 and x = n one bound is 0 or 1 exactly; rounding must not put it a hair outside.
  return { low: x === 0 ? 0 : (centre - spread) / denominator, high: x === n ? 1 : (centre + spread) / denominator };
}

/**
 * The difference after − before of two independent proportions, p₂ − p₁ with p₁ = x₁/n₁ before
 * and p₂ = x₂/n₂ after, and Newcombe's hybrid score interval of it: with Wilson intervals
 * [l₁, u₁] and [l₂, u₂],
 *   low  = (p₂ − p₁) − √((p₂ − l₂)² + (u₁ − p₁)²)
 *   high = (p₂ − p₁) + √((u₂ − p₂)² + (p₁ − l₁)²).
 * Null when either window has no denominator.
 */
export function newcombeDifference(before: { numerator: number; denominator: number }, after: { numerator: number; denominator: number }, z = Z_95): { difference: number; ci95: Interval } | null {
  const w1 = wilsonInterval(before.numerator, before.denominator, z);
  const w2 = wilsonInterval(after.numerator, after.denominator, z);
  if (!w1 || !w2) return null;
  const p1 = before.numerator / before.denominator;
  const p2 = after.numerator / after.denominator;
  const difference = p2 - p1;
  return {
    difference,
    ci95: { low: difference - Math.hypot(p2 - w2.low, w1.high - p1), high: difference + Math.hypot(w2.high - p2, p1 - w1.low) },
  };
}

/** What a comparison needs besides the counts. */
export interface EffectRules {
  better: EffectDirection;
  /** The smallest denominator each window needs for a verdict. */
  minCount: number;
  /** Whether the after window is as long as asked; while not, every verdict is `too_few`. */
  afterComplete: boolean;
}

/**
 * One figure before and after: the difference, its interval and the verdict. `too_few` when the
 * after window is not complete or either denominator is under `minCount`; otherwise `improved` or
 * `worsened` when the interval excludes 0 (on the better side or the worse), `no_change` when it
 * includes 0.
 */
export function compareProportions(before: RatioView, after: RatioView, rules: EffectRules): EffectFigure {
  const compared = newcombeDifference(before, after);
  const figure = { before, after, better: rules.better, difference: compared?.difference ?? null, ci95: compared?.ci95 ?? null };
  if (!compared || !rules.afterComplete || before.denominator < rules.minCount || after.denominator < rules.minCount) return { ...figure, verdict: EffectVerdict.TooFew };
  const { low, high } = compared.ci95;
  const up = low > 0;
  const down = high < 0;
  if (!up && !down) return { ...figure, verdict: EffectVerdict.NoChange };
  return { ...figure, verdict: up === (rules.better === 'higher') ? EffectVerdict.Improved : EffectVerdict.Worsened };
}

/**
 * The two equal windows around a change at `effectiveAt`: after = [E, min(E + days, now)), before
 * the same length ending at E. `complete` says whether the after window is as long as asked.
 * @throws RangeError when `effectiveAt` is not before `now` (the caller checks that first)
 */
export function effectWindows(effectiveAt: Date, windowDays: number, now: Date): { before: { from: Date; to: Date }; after: { from: Date; to: Date }; complete: boolean } {
  const start = effectiveAt.getTime();
  if (!(start < now.getTime())) throw new RangeError('a change is measured once it has taken effect');
  const end = Math.min(start + windowDays * DAY_MS, now.getTime());
  const length = end - start;
  return { before: { from: new Date(start - length), to: effectiveAt }, after: { from: effectiveAt, to: new Date(end) }, complete: length === windowDays * DAY_MS };
}
