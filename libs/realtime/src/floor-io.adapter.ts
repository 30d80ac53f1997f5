import { AppConfig } from '@fc/config';
import { errorBody } from '@fc/observability';
import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { IncomingMessage } from 'node:http';
import { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import { HandshakeRefused } from './socket-auth.js';

/**
 * The api's socket.io server: the Redis adapter joins every api process into one set of rooms (a
 * broadcast from one reaches sockets on all), and browsers may connect only from the api's own
 * origin or an allowed one. Clients that are not browsers send no Origin and are judged by their token alone.
 * The default namespace `/` admits nobody.
 */
export class FloorIoAdapter extends IoAdapter {
  private readonly redis: Redis[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    // No connection-state recovery: every (re)connect gets a fresh snapshot instead, and passes the handshake's auth.
    const merged: Partial<ServerOptions> = {
      ...options,
      serveClient: false,
      cors: { origin: [...this.config.allowedOrigins], credentials: false },
      allowRequest: (request, callback) => callback(null, this.originAllowed(request)),
    };
    const server: Server = super.createIOServer(port, merged as ServerOptions);
    // The default namespace serves nothing (the console and the simulator use /agent and /supervisor): nobody is admitted.
    server.of('/').use((_socket, next) => next(new HandshakeRefused(errorBody(404, 'No such namespace: use /agent or /supervisor'))));
    const pub = new Redis(this.config.redisUrl, { lazyConnect: false });
    const sub = pub.duplicate();
    this.redis.push(pub, sub);
    server.adapter(createAdapter(pub, sub, { key: `${this.config.redisPrefix}:socket.io` }));
    return server;
  }

  /** After every namespace has closed (and unsubscribed), never before. */
  override async dispose(): Promise<void> {
    await Promise.all(this.redis.splice(0).map((client) => client.quit().catch(() => client.disconnect())));
  }

  private originAllowed(request: IncomingMessage): boolean {
    const origin = request.headers.origin;
    if (!origin) return true;
    if (this.config.allowedOrigins.includes(origin)) return true;
    try {
      return new URL(origin).host === request.headers.host;
    } catch {
      return false;
    }
  }
}
