import { performance } from 'node:perf_hooks';
import { setImmediate as breather } from 'node:timers/promises';

/**
 * The longest a report holds the event loop between two breaths, in milliseconds. Short: an offer
 * is a chain of a dozen round trips and waits up to a slice at each; with 2 ms slices a new call's
 * offer took 3–4× its quiet time while reports ran, with 0.25 ms under 2× (test/metrics-load).
 */
export const SLICE_MS = 0.25;
/** How often the clock is read. */
const CHECK_EVERY = 32;

/**
 * `map` over many items, letting the event loop run every couple of milliseconds: a year of rows
 * per agent and day is most of a second of work that would otherwise hold up every request and
 * socket of the process, and an offer that takes a dozen round trips would wait a slice at each.
 */
export async function mapInSlices<T, R>(items: readonly T[], map: (item: T, index: number) => R): Promise<R[]> {
  const result: R[] = new Array<R>(items.length);
  let breathed = performance.now();
  for (let i = 0; i < items.length; i++) {
    if (i % CHECK_EVERY === CHECK_EVERY - 1 && performance.now() - breathed >= SLICE_MS) {
      await breather();
      breathed = performance.now();
    }
    result[i] = map(items[i]!, i);
  }
  return result;
}
