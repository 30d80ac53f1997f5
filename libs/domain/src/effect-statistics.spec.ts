import { describe, expect, it } from '@jest/globals';
import { EffectVerdict } from '@fc/contracts';
import { compareProportions, effectWindows, newcombeDifference, wilsonInterval } from './effect-statistics.js';

// Expected values are written out: Newcombe's own worked examples (1998, Statistics in Medicine
// 17:873, Table II, method 10, given to 4 decimals), and the rest worked by hand from the formulas
// in the comments with z = 1.959963984540054 (z² = 3.841459).
const ratio = (numerator: number, denominator: number) => ({ numerator, denominator, value: denominator > 0 ? numerator / denominator : null });

describe('the Wilson score interval', () => {
  it('gives the interval of x/n from the score test', () => {
    // 56/70: centre = 2·56 + z² = 115.841459; spread = z·√(z² + 4·70·0.8·0.2) = z·√48.641459 = 13.669538;
    // denominator = 2·(70 + z²) = 147.682918 → (102.171921/147.682918, 129.510997/147.682918) = (0.691834, 0.876953).
    const w = wilsonInterval(56, 70)!;
    expect(w.low).toBeCloseTo(0.691834, 6);
    expect(w.high).toBeCloseTo(0.876953, 6);
  });

  it('has 0 and 1 exactly as the bounds at 0/n and n/n, and nothing for n = 0', () => {
    // 0/10: high = (z² + z·√z²)/(2·(10 + z²)) = 2z²/(2·13.841459) = 3.841459/13.841459 = 0.277533.
    expect(wilsonInterval(0, 10)).toEqual({ low: 0, high: expect.closeTo(0.277533, 6) });
    expect(wilsonInterval(10, 10)).toEqual({ low: expect.closeTo(1 - 0.277533, 6), high: 1 });
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it('refuses counts that are no proportion', () => {
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 4)).toThrow(RangeError);
  });
});

describe("Newcombe's hybrid score interval of after − before", () => {
  // Newcombe's examples are θ = π₁ − π₂ for x₁/n₁ and x₂/n₂: here "after" is his first proportion and "before" his second.
  it.each([
    // (a) 56/70 − 48/80 = 0.2000: 0.0524 to 0.3339
    [48, 80, 56, 70, 0.2, 0.0524, 0.3339],
    // (b) 9/10 − 3/10 = 0.6000: 0.1705 to 0.8090
    [3, 10, 9, 10, 0.6, 0.1705, 0.809],
    // (c) 6/7 − 2/7 = 0.5714: 0.0582 to 0.8062
    [2, 7, 6, 7, 0.5714, 0.0582, 0.8062],
    // (d) 5/56 − 0/29 = 0.0893: −0.0381 to 0.1926
    [0, 29, 5, 56, 0.0893, -0.0381, 0.1926],
    // (e) 0/10 − 0/20 = 0: −0.1611 to 0.2775
    [0, 20, 0, 10, 0, -0.1611, 0.2775],
    // (f) 0/10 − 0/10 = 0: −0.2775 to 0.2775
    [0, 10, 0, 10, 0, -0.2775, 0.2775],
    // (g) 10/10 − 0/20 = 1: 0.6791 to 1.0000
    [0, 20, 10, 10, 1, 0.6791, 1],
    // (h) 10/10 − 0/10 = 1: 0.6075 to 1.0000
    [0, 10, 10, 10, 1, 0.6075, 1],
  ])("matches Newcombe's Table II: before %i/%i, after %i/%i", (x1, n1, x2, n2, difference, low, high) => {
    const result = newcombeDifference(ratio(x1, n1), ratio(x2, n2))!;
    expect(result.difference).toBeCloseTo(difference, 4);
    expect(result.ci95.low).toBeCloseTo(low, 4);
    expect(result.ci95.high).toBeCloseTo(high, 4);
  });

  it('turns the interval around when before and after swap', () => {
    // Example (a) the other way: 48/80 − 56/70 = −0.2000, −0.3339 to −0.0524.
    const result = newcombeDifference(ratio(56, 70), ratio(48, 80))!;
    expect(result.difference).toBeCloseTo(-0.2, 6);
    expect(result.ci95.low).toBeCloseTo(-0.333873, 6);
    expect(result.ci95.high).toBeCloseTo(-0.052431, 6);
  });

  it('is symmetric around 0 for equal proportions', () => {
    // 120/200 twice: Wilson (0.530841, 0.665374); low = 0 − √((0.6 − 0.530841)² + (0.665374 − 0.6)²) = −√(0.004783 + 0.004274) = −0.095184.
    const result = newcombeDifference(ratio(120, 200), ratio(120, 200))!;
    expect(result.difference).toBe(0);
    expect(result.ci95.low).toBeCloseTo(-0.095184, 6);
    expect(result.ci95.high).toBeCloseTo(0.095184, 6);
  });

  it('handles 0/n and n/n in both windows', () => {
    // 0/150 twice: high = √(u² + 0) with u = z²/(150 + z²) = 3.841459/153.841459 = 0.024970.
    expect(newcombeDifference(ratio(0, 150), ratio(0, 150))!.ci95).toEqual({ low: expect.closeTo(-0.02497, 6), high: expect.closeTo(0.02497, 6) });
    expect(newcombeDifference(ratio(150, 150), ratio(150, 150))!.ci95).toEqual({ low: expect.closeTo(-0.02497, 6), high: expect.closeTo(0.02497, 6) });
    // 150/150 → 0/150: −1, low = −1 − √(0² + 0²) = −1, high = −1 + √(0.02497² + 0.02497²) = −1 + 0.035313 = −0.964687.
    expect(newcombeDifference(ratio(150, 150), ratio(0, 150))).toEqual({ difference: -1, ci95: { low: -1, high: expect.closeTo(-0.964687, 6) } });
  });

  it('has nothing to say when a window has no denominator', () => {
    expect(newcombeDifference(ratio(0, 0), ratio(3, 10))).toBeNull();
    expect(newcombeDifference(ratio(3, 10), ratio(0, 0))).toBeNull();
  });
});

describe('the verdict', () => {
  const rules = { better: 'higher' as const, minCount: 100, afterComplete: true };

  it('says improved when the interval lies on the better side, worsened on the other', () => {
    // 800/1000 → 850/1000: +0.05, 0.016701 to 0.083227.
    const up = compareProportions(ratio(800, 1000), ratio(850, 1000), rules);
    expect(up).toMatchObject({ difference: expect.closeTo(0.05, 9), ci95: { low: expect.closeTo(0.016701, 6), high: expect.closeTo(0.083227, 6) }, verdict: EffectVerdict.Improved });
    // The same rise of a figure that is better lower (a transfer rate): worse.
    expect(compareProportions(ratio(800, 1000), ratio(850, 1000), { ...rules, better: 'lower' }).verdict).toBe(EffectVerdict.Worsened);
    // And the fall: better for a transfer rate, worse for FCR.
    expect(compareProportions(ratio(850, 1000), ratio(800, 1000), { ...rules, better: 'lower' }).verdict).toBe(EffectVerdict.Improved);
    expect(compareProportions(ratio(850, 1000), ratio(800, 1000), rules).verdict).toBe(EffectVerdict.Worsened);
  });

  it('says no_change when the interval includes 0', () => {
    // 30/100 → 25/100: −0.05, −0.171426 to 0.073396.
    expect(compareProportions(ratio(30, 100), ratio(25, 100), rules)).toMatchObject({
      ci95: { low: expect.closeTo(-0.171426, 6), high: expect.closeTo(0.073396, 6) },
      verdict: EffectVerdict.NoChange,
    });
    expect(compareProportions(ratio(120, 200), ratio(120, 200), rules).verdict).toBe(EffectVerdict.NoChange);
  });

  it('says too_few under the minimum in either window, with no denominator, or while the after window is short', () => {
    // 9/10 → 3/10 excludes 0 (example b) but ten calls are under the minimum of 100.
    expect(compareProportions(ratio(9, 10), ratio(3, 10), rules)).toMatchObject({ ci95: { low: expect.closeTo(-0.809, 4) }, verdict: EffectVerdict.TooFew });
    expect(compareProportions(ratio(800, 1000), ratio(85, 99), rules).verdict).toBe(EffectVerdict.TooFew);
    expect(compareProportions(ratio(80, 99), ratio(850, 1000), rules).verdict).toBe(EffectVerdict.TooFew);
    expect(compareProportions(ratio(800, 1000), ratio(85, 100), rules).verdict).toBe(EffectVerdict.NoChange);
    expect(compareProportions(ratio(0, 0), ratio(850, 1000), rules)).toMatchObject({ difference: null, ci95: null, verdict: EffectVerdict.TooFew });
    expect(compareProportions(ratio(800, 1000), ratio(950, 1000), { ...rules, afterComplete: false }).verdict).toBe(EffectVerdict.TooFew);
  });
});

describe('the windows', () => {
  const at = (text: string) => new Date(text);

  it('are [E − w, E) and [E, E + w) once the after window has passed', () => {
    expect(effectWindows(at('2026-10-01T00:00:00Z'), 28, at('2026-12-01T00:00:00Z'))).toEqual({
      before: { from: at('2026-09-03T00:00:00Z'), to: at('2026-10-01T00:00:00Z') },
      after: { from: at('2026-10-01T00:00:00Z'), to: at('2026-10-29T00:00:00Z') },
      complete: true,
    });
  });

  it('shortens the before window to the after window while it is still running', () => {
    // Ten days and six hours after E: both windows are 10.25 days long.
    expect(effectWindows(at('2026-11-20T00:00:00Z'), 28, at('2026-11-30T06:00:00Z'))).toEqual({
      before: { from: at('2026-11-09T18:00:00Z'), to: at('2026-11-20T00:00:00Z') },
      after: { from: at('2026-11-20T00:00:00Z'), to: at('2026-11-30T06:00:00Z') },
      complete: false,
    });
  });

  it('needs the change to have taken effect', () => {
    expect(() => effectWindows(at('2026-12-01T00:00:00Z'), 28, at('2026-12-01T00:00:00Z'))).toThrow(RangeError);
  });
});
