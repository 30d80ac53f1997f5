import type { AppConfig } from '@fc/config';
import { errorBody } from '@fc/observability';
import { HttpStatus, type Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';

/**
 * A token bucket: holds up to `burst` tokens, refilled at `perSec` a second; each message takes one.
 * In memory: a socket lives on one process, so its bucket does too.
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly perSec: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.refilledAt = now();
  }

  /** Takes a token if there is one. */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.perSec);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * Every message the socket sends passes its bucket first (socket.io middleware, before any handler).
 * One over the limit runs nothing: if it asked for an acknowledgement it gets the usual error body
 * with 429, otherwise it is dropped. Logged once per socket, without the message.
 */
export function limitSocketMessages(socket: Socket, config: Pick<AppConfig, 'socketMessagesPerSec' | 'socketMessageBurst'>, logger: Logger): void {
  const bucket = new TokenBucket(config.socketMessagesPerSec, config.socketMessageBurst);
  let warned = false;
  socket.use((packet, next) => {
    if (bucket.take()) return next();
    if (!warned) {
      warned = true;
      logger.warn({ userId: (socket.data as { userId?: string }).userId, socketId: socket.id }, 'socket over its message rate: messages refused');
    }
    const ack = packet.at(-1);
    if (typeof ack === 'function') {
      (ack as (response: unknown) => void)({
        ok: false,
        error: errorBody(HttpStatus.TOO_MANY_REQUESTS, `at most ${config.socketMessagesPerSec} messages a second (bursts of ${config.socketMessageBurst}) from one console: slow down`),
      });
    }
  });
}
