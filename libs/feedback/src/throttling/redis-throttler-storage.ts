import { InjectRedis } from '@fc/redis';
import { Injectable } from '@nestjs/common';
// Types only: the package itself is CommonJS that requires ESM Nest, which Jest cannot load on Node 20 (docs/decisions/0014).
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';

/** What one counted hit reports, as `@nestjs/throttler` defines it (the package does not export the name). */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * One fixed window per key: count the hit, start the window's expiry on the first, and on the
 * first refused hit stretch the expiry to the block duration if that is longer. Atomic in Redis,
 * so api processes sharing Redis share the count.
 */
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
if hits == tonumber(ARGV[2]) + 1 and tonumber(ARGV[3]) > ttl then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  ttl = tonumber(ARGV[3])
end
return {hits, ttl}
`;

/**
 * Rate-limit counts in the shared Redis (keys under the configured prefix), with the storage
 * contract of `@nestjs/throttler`, so its guard could use it as is. Times in milliseconds in,
 * seconds out, as that contract has them.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(@InjectRedis() private readonly redis: Redis) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const [totalHits, remainingMs] = (await this.redis.eval(INCREMENT, 1, `throttle:${throttlerName}:${key}`, ttl, limit, blockDuration)) as [number, number];
    const isBlocked = totalHits > limit;
    const seconds = Math.max(1, Math.ceil(remainingMs / 1000));
    return { totalHits, timeToExpire: seconds, isBlocked, timeToBlockExpire: isBlocked ? seconds : 0 };
  }
}
