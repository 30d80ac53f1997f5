import { describe, expect, it } from '@jest/globals';
import { TokenBucket } from './socket-rate-limit.js';

describe('TokenBucket', () => {
  it('lets a burst through, then its rate, and refills to the burst at most', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 20, () => now);
    const taken = (n: number) => Array.from({ length: n }, () => bucket.take()).filter(Boolean).length;
    expect(taken(25)).toBe(20);
    now += 500; // half a second: five more
    expect(taken(10)).toBe(5);
    now += 60_000; // a long pause refills the burst, not more
    expect(taken(30)).toBe(20);
  });
});
