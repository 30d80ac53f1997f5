import { AppConfig } from '@fc/config';
import { RealtimeNamespace, type AgentServerToClientEvents, type FloorAlert } from '@fc/contracts';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
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
  private readonly redis: Redis;
  private readonly emitter: Emitter;

  constructor(config: AppConfig) {
    // Its own connection without the key prefix: the adapter's channels carry the prefix in their key.
    this.redis = new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 });
    this.emitter = new Emitter(this.redis, { key: `${config.redisPrefix}:socket.io` });
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
