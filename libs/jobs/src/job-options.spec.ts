import { describe, expect, it } from '@jest/globals';
import { JobName } from '@fc/contracts';
import { JOB_RETRIES, PLATFORM_DELIVERY_ATTEMPTS, platformDeliveryDelayMs } from './job-options.js';

/** How long a delivery is retried in all: the waits after each of its failed attempts but the last. */
const retriedForMs = (baseMs: number) => {
  let total = 0;
  for (let attemptsMade = 1; attemptsMade < PLATFORM_DELIVERY_ATTEMPTS; attemptsMade++) total += platformDeliveryDelayMs(attemptsMade, baseMs);
  return total;
};

describe("a platform event's delivery retries", () => {
  it('wait the base first, twice as long each time, at most 10 minutes', () => {
    expect([1, 2, 3, 4, 9, 10, 11, 100].map((attemptsMade) => platformDeliveryDelayMs(attemptsMade, 2000))).toEqual([2000, 4000, 8000, 16_000, 512_000, 600_000, 600_000, 600_000]);
  });

  it.each([10, 50, 2000, 600_000])('go on for more than a day from a base of %i ms', (baseMs) => {
    expect(retriedForMs(baseMs)).toBeGreaterThan(24 * 3600 * 1000);
  });

  it('are the queue’s own backoff, not one of BullMQ’s', () => {
    expect(JOB_RETRIES[JobName.DeliverPlatformEvent]).toEqual({ attempts: 170, backoff: { type: 'platform-delivery' } });
  });
});
