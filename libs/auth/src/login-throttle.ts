import { AppConfig } from '@fc/config';
import { addressTracker } from '@fc/http';
import { InjectRedis } from '@fc/redis';
import { Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { createHash, randomUUID } from 'node:crypto';

/** Which budget of failed sign-ins ran out: one account's, or one address's. */
export type LoginThrottleRule = 'account' | 'address';

export interface LoginRefusal {
  rule: LoginThrottleRule;
  /** Whole seconds until a sign-in is taken again; at least 1. */
  retryAfterSec: number;
  /** True for the first refusal of a block only: that one is audited, the rest are not. */
  firstOfBlock: boolean;
}

/**
 * For each [block, reported] pair of keys: the block's remaining milliseconds (0 if none), and
 * whether this refusal is the block's first (it sets `reported` for as long as the block lasts).
 */
const CHECK = `
local out = {}
for i = 1, #KEYS, 2 do
  local ttl = redis.call('PTTL', KEYS[i])
  local first = 0
  if ttl > 0 then
    if redis.call('SET', KEYS[i + 1], '1', 'NX', 'PX', ttl) then first = 1 end
  else
    ttl = 0
  end
  out[#out + 1] = ttl
  out[#out + 1] = first
end
return out
`;

/**
 * One failed sign-in, counted in a sliding window per account and per address: the failure is added
 * to each sorted set (scored by Redis's own clock, so api processes agree), entries older than the
 * window go, and a budget that ran out sets its block key. The account's block doubles with each
 * block in a row (its count kept until a window after the block), up to a cap; the address's is fixed.
 * KEYS: account failures, account block, account blocks-in-a-row, address failures, address block.
 * ARGV: window ms, account limit, account first block ms, account block cap ms, address limit,
 * address block ms, a unique member.
 */
const FAIL = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local function count(failures)
  redis.call('ZREMRANGEBYSCORE', failures, '-inf', now - window)
  redis.call('ZADD', failures, now, ARGV[7])
  redis.call('PEXPIRE', failures, window)
  return redis.call('ZCARD', failures)
end
if count(KEYS[1]) >= tonumber(ARGV[2]) then
  local blocks = redis.call('INCR', KEYS[3])
  local ms = math.min(tonumber(ARGV[3]) * 2 ^ (blocks - 1), tonumber(ARGV[4]))
  redis.call('SET', KEYS[2], '1', 'PX', math.floor(ms))
  redis.call('PEXPIRE', KEYS[3], math.floor(ms) + window)
end
if count(KEYS[4]) >= tonumber(ARGV[5]) then redis.call('SET', KEYS[5], '1', 'PX', ARGV[6]) end
return 1
`;

/**
 * Slows password guessing (docs/decisions/0026-sessions-end-and-login-throttling.md): failed
 * sign-ins are counted per account and per address in a sliding window in the shared Redis; when
 * an account's or an address's budget runs out, sign-ins for it are refused (429, without
 * checking the password) for a short time: an address's fixed, an account's doubling with each
 * block in a row up to a cap. A successful sign-in clears the account's count.
 * Keys hold hashes only: Redis has neither usernames nor addresses. If Redis cannot answer,
 * sign-ins go on unthrottled (argon2 still costs each guess its time) and a warning is logged.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger(LoginThrottle.name);

  constructor(
    @InjectRedis() private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  /** Whether a sign-in for `username` from `ip` is refused now, and for how long. */
  async refusal(username: string, ip: string | undefined): Promise<LoginRefusal | null> {
    const account = accountKey(username);
    const address = addressKey(ip);
    let answer: number[];
    try {
      answer = (await this.redis.eval(CHECK, 4, `${account}:block`, `${account}:reported`, `${address}:block`, `${address}:reported`)) as number[];
    } catch (error) {
      this.logger.warn({ err: error }, 'sign-in counts unavailable; sign-in not throttled');
      return null;
    }
    const [accountMs = 0, accountFirst = 0, addressMs = 0, addressFirst = 0] = answer;
    if (accountMs === 0 && addressMs === 0) return null;
    const rule: LoginThrottleRule = addressMs >= accountMs ? 'address' : 'account';
    const ms = Math.max(accountMs, addressMs);
    return { rule, retryAfterSec: Math.max(1, Math.ceil(ms / 1000)), firstOfBlock: (rule === 'account' ? accountFirst : addressFirst) === 1 };
  }

  /** Counts a failed sign-in against the account and the address. */
  async failed(username: string, ip: string | undefined): Promise<void> {
    const { loginFailureWindowSec, loginAccountMaxFailures, loginAccountBlockSec, loginAccountMaxBlockSec, loginAddressMaxFailures, loginAddressBlockSec } = this.config;
    const account = accountKey(username);
    const address = addressKey(ip);
    try {
      await this.redis.eval(
        FAIL,
        5,
        `${account}:failures`,
        `${account}:block`,
        `${account}:blocks`,
        `${address}:failures`,
        `${address}:block`,
        loginFailureWindowSec * 1000,
        loginAccountMaxFailures,
        loginAccountBlockSec * 1000,
        Math.max(loginAccountBlockSec, loginAccountMaxBlockSec) * 1000,
        loginAddressMaxFailures,
        loginAddressBlockSec * 1000,
        randomUUID(),
      );
    } catch (error) {
      this.logger.warn({ err: error }, 'failed sign-in not counted');
    }
  }

  /** A successful sign-in: the account's failures and blocks are forgiven (the address's are not). */
  async succeeded(username: string): Promise<void> {
    const account = accountKey(username);
    await this.redis.del(`${account}:failures`, `${account}:blocks`).catch((error: unknown) => this.logger.warn({ err: error }, 'sign-in count not cleared'));
  }
}

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');
const accountKey = (username: string) => `login:account:${sha256(username)}`;
const addressKey = (ip: string | undefined) => `login:address:${sha256(addressTracker(ip))}`;
