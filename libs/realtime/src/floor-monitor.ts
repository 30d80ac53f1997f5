import { AppConfig } from '@fc/config';
import { floorAlert } from '@fc/domain';
import { MetricsService } from '@fc/metrics';
import { InjectRedis } from '@fc/redis';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { LiveFloor } from './live-floor.js';
import { FloorPublisher } from './floor-publisher.js';

const LEASE_KEY = 'realtime:monitor';
/** Takes the lease when free, or extends it when this process holds it; 1 when held by this process. */
const LEASE_SCRIPT = `
  if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
  if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
  return 0`;

/**
 * Every few seconds, on one api process at a time (a Redis lease): today's figures per topic as
 * `metrics.tick`, and the alerts that time raises rather than a change — a caller waiting too
 * long, a topic whose service level today is below target while callers wait. Both go to every
 * supervisor through the Redis adapter; each alert is sent once (a Redis key per alert).
 */
@Injectable()
export class FloorMonitor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(FloorMonitor.name);
  private readonly instance = randomUUID();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;

  constructor(
    private readonly config: AppConfig,
    @InjectRedis() private readonly redis: Redis,
    private readonly metrics: MetricsService,
    private readonly floor: LiveFloor,
    private readonly publisher: FloorPublisher,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.tick()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'floor monitor tick failed'))
        .finally(() => (this.running = null));
    }, this.config.metricsTickSec * 1000);
    this.timer.unref();
  }

  /** Before the Redis client and the database pool close. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One round: figures and alerts, if this process holds the lease. */
  async tick(): Promise<void> {
    const held = await this.redis.eval(LEASE_SCRIPT, 1, LEASE_KEY, this.instance, String(this.config.metricsTickSec * 3000));
    if (held !== 1) return;
    const now = new Date();
    const today = await this.metrics.today();
    this.publisher.broadcast('metrics.tick', today);

    const snapshot = this.floor.snapshot();
    const alerts = [
      ...snapshot.calls.map((call) => floorAlert.longWait(call, now, this.config.longWaitAlertSec)),
      ...snapshot.queues.map((queue) => floorAlert.serviceLevelAtRisk(queue, today.topics.find((t) => t.topicKey === queue.topicKey)?.serviceLevel ?? null, now)),
    ].filter((alert) => alert !== null);
    for (const alert of alerts) {
      if ((await this.redis.set(`alert:${alert.id}`, '1', 'EX', 86_400, 'NX')) === 'OK') this.publisher.broadcast('alert', alert);
    }
  }
}
