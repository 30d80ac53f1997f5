import { AppConfig } from '@fc/config';
import { addressTracker } from '@fc/http';
import { HttpException, HttpStatus, Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { RedisThrottlerStorage, type ThrottlerStorageRecord } from './redis-throttler-storage.js';

const WINDOW_MS = 60_000;

interface Throttler {
  name: string;
  tracker: (request: Request) => string;
}

/** Every request, a view of the page or an answer, counts against the client's address. */
const PER_ADDRESS: Throttler = { name: 'feedback-ip', tracker: (request) => addressTracker(request.ip) };
/**
 * Answers also count against the link's token. Views do not: anyone who holds the link could
 * otherwise spend its budget by opening it and lock the citizen out of answering.
 */
const PER_TOKEN: Throttler = { name: 'feedback-token', tracker: (request) => String(request.params.token ?? '') };

const throttlersFor = (request: Request): readonly Throttler[] => (request.method === 'GET' || request.method === 'HEAD' ? [PER_ADDRESS] : [PER_ADDRESS, PER_TOKEN]);

/**
 * Holds the citizen's feedback routes to `FEEDBACK_RATE_LIMIT_PER_MIN` requests a minute per
 * address (views and answers) and answers a minute per token, counted in the shared Redis. Runs
 * before anything is read or written, so a refused request (429) changes nothing. Only the
 * feedback routes use it: no other route pays.
 */
@Injectable()
export class FeedbackThrottlerGuard implements CanActivate {
  private readonly logger = new Logger(FeedbackThrottlerGuard.name);

  constructor(
    private readonly storage: RedisThrottlerStorage,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const limit = this.config.feedbackRateLimitPerMin;
    let records: ThrottlerStorageRecord[];
    try {
      // Keys are hashed: Redis holds neither addresses nor tokens.
      records = await Promise.all(throttlersFor(request).map(({ name, tracker }) => this.storage.increment(sha256(tracker(request)), WINDOW_MS, limit, WINDOW_MS, name)));
    } catch (error) {
      // Tokens are single-use and unguessable, so an outage of the counter is not worth refusing citizens for.
      this.logger.warn({ err: error }, 'rate-limit counts unavailable; feedback request let through');
      return true;
    }
    const blocked = records.filter((record) => record.isBlocked);
    if (blocked.length === 0) return true;
    http.getResponse<Response>().setHeader('Retry-After', String(Math.max(...blocked.map((record) => record.timeToBlockExpire))));
    throw new HttpException('Too many feedback requests: wait a minute and try again', HttpStatus.TOO_MANY_REQUESTS);
  }
}

function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
