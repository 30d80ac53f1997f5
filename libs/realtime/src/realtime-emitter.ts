import { AppConfig } from '@fc/config';
import { RealtimeNamespace, type AgentServerToClientEvents, type FloorAlert } from '@fc/contracts';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import { Redis } from 'ioredis';
import { SUPERVISORS_ROOM, agentRoom } from './realtime-rooms.js';

/**
 * Sends to supervisors' and agents' sockets from a process that has none (the worker), through
 * the same Redis channels the api's socket.io adapter listens on. Imported as
 * `@fc/realtime/emitter`, so the worker loads this and the room names, not the gateways.
 */
@Injectable()
export class RealtimeEmitter implements OnApplicationShutdown {
  private readonly logger = new Logger(RealtimeEmitter.name);
  private readonly redis: Redis;
  private readonly emitter: Emitter;

  constructor(config: AppConfig) {
    // Its own connection without the key prefix: the adapter's channels carry the prefix in their key.
    this.redis = new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 });
    // The emitter publishes and never looks at the result: while Redis is away a publish fails, and
    // unheard that failure would be an unhandled rejection in the worker. A live message missed is
    // only that (the console reads its state again on reconnect); it is logged, without its content.
    const publisher = { publish: (channel: string, message: string | Buffer) => this.redis.publish(channel, message).catch((error: unknown) => this.publishFailed(error)) };
    this.emitter = new Emitter(publisher, { key: `${config.redisPrefix}:socket.io` });
  }

  /** A live message could not be published (Redis away); exposed for its spec. */
  protected publishFailed(error: unknown): void {
    this.logger.warn({ err: error instanceof Error ? error.name : 'Error' }, 'a live message was not published');
  }

  alertSupervisors(alert: FloorAlert): void {
    this.emitter.of(RealtimeNamespace.Supervisor).to(SUPERVISORS_ROOM).emit('alert', alert);
  }

  toAgent<E extends keyof AgentServerToClientEvents>(agentId: string, event: E, ...payload: Parameters<AgentServerToClientEvents[E]>): void {
    this.emitter
      .of(RealtimeNamespace.Agent)
      .to(agentRoom(agentId))
      .emit(event, ...(payload as unknown[]));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
