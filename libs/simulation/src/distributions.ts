import type { Distribution } from './scenario.js';

/** A source of numbers in [0, 1), such as `seededRandom(seed)`. */
export type Random = () => number;

/** One draw of a duration, in seconds. */
export function sample(distribution: Distribution, random: Random): number {
  switch (distribution.kind) {
    case 'exponential':
      return -distribution.meanSec * Math.log(1 - random());
    case 'lognormal': {
      // The lognormal whose own mean and standard deviation are the ones given.
      const variance = Math.log(1 + (distribution.sdSec / distribution.meanSec) ** 2);
      const mu = Math.log(distribution.meanSec) - variance / 2;
      return Math.exp(mu + Math.sqrt(variance) * standardNormal(random));
    }
    case 'uniform':
      return distribution.minSec + (distribution.maxSec - distribution.minSec) * random();
    case 'fixed':
      return distribution.sec;
    default: {
      const unknown: never = distribution;
      throw new Error(`unknown distribution ${JSON.stringify(unknown)}`);
    }
  }
}

/** The mean of a distribution, in seconds. */
export function meanOf(distribution: Distribution): number {
  switch (distribution.kind) {
    case 'exponential':
    case 'lognormal':
      return distribution.meanSec;
    case 'uniform':
      return (distribution.minSec + distribution.maxSec) / 2;
    case 'fixed':
      return distribution.sec;
    default: {
      const unknown: never = distribution;
      throw new Error(`unknown distribution ${JSON.stringify(unknown)}`);
    }
  }
}

/** Box–Muller: one standard normal draw from two uniform ones. */
function standardNormal(random: Random): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** One key drawn by its weight. */
export function pickWeighted<K extends string>(weights: Partial<Record<K, number>>, random: Random): K {
  const entries = Object.entries(weights) as [K, number][];
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let point = random() * total;
  for (const [key, weight] of entries) {
    point -= weight;
    if (point < 0) return key;
  }
  return entries.findLast(([, weight]) => weight > 0)![0];
}
