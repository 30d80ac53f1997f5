import { performance } from 'node:perf_hooks';
import { setImmediate as breather } from 'node:timers/promises';

/** The longest the event loop is held between two breaths, in milliseconds. */
const SLICE_MS = 2;
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
