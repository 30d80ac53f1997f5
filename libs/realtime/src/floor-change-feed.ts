import { AppConfig } from '@fc/config';
import { Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Socket } from 'node:net';
import pg from 'pg';
import type { AgentFloorRow, CallFloorRow } from './floor-views.repository.js';

/** The channel the database triggers announce floor changes on (migration RealtimeFeed). */
export const FLOOR_CHANNEL = 'floor_changes';

export type CallChange = CallFloorRow & { kind: 'call'; previousState: string | null; previousAgentId: string | null; previousTopicId: string | null; lastSeq: number };
/** `lastOfferedAt` and `hasEndpoint` are for the routing leader's floor (docs/decisions/0053), not for consoles. */
export type AgentChange = AgentFloorRow & { kind: 'agent'; previousState: string | null; lastOfferedAt: string | null; hasEndpoint: boolean };
export type FloorChange = CallChange | AgentChange | { kind: 'topics' };

export interface FloorChangeListener {
  /** Every change, in commit order. */
  onChange(change: FloorChange): void;
  /** The feed was (re)connected: changes since the last one may be missing, so reload the floor. */
  onResync(): Promise<void>;
  /**
   * Hears every announcement as soon as it comes: while such a listener is attached, the feed reads
   * at every wake-up rather than in bursts. The routing leader's floor is one: a round run on a
   * floor that has not yet read an agent's return leaves that agent idle beside a waiting call.
   */
  readonly prompt?: boolean;
}

const RECONNECT_MS = [100, 500, 1000, 2000, 5000];

/**
 * A busy floor's announcements are read at most this often, as many as came meanwhile in one read:
 * each read costs the process a wake-up and a pass through the driver's stream, whatever it holds,
 * and every api process pays it for every commit. A quiet floor's first announcement is read at
 * once; on a busy one, none waits longer than this (docs/decisions/0061). Not while a
 * {@link FloorChangeListener.prompt} listener is attached.
 */
const FEED_READ_EVERY_MS = 5;

/**
 * The database's announcements of floor changes, on one connection per process. PostgreSQL
 * delivers them at commit, in commit order, so per-call order holds across every api process;
 * after a lost connection every listener is told to reload rather than trust a feed with a gap in
 * it. Its listeners are the live floor, always, and the routing leader's floor while this process
 * leads (docs/decisions/0053): each announcement is parsed once for both.
 */
@Injectable()
export class FloorChangeFeed implements OnApplicationShutdown {
  private readonly logger = new Logger(FloorChangeFeed.name);
  private client: pg.Client | null = null;
  private readonly listeners = new Set<FloorChangeListener>();
  /** The connection being made, and its listeners loaded; null once it is up, or failed. */
  private connecting: Promise<void> | null = null;
  /** The listeners loaded since the current connection began to listen. */
  private readonly loaded = new Set<FloorChangeListener>();
  private stopped = false;
  private attempt = 0;

  constructor(private readonly config: AppConfig) {}

  /**
   * Adds a listener and resolves once it has loaded its floor while the connection listens, so
   * nothing committed after the load is missed: with the connection, when it is being made (the
   * first attach makes it), or on its own.
   */
  async attach(listener: FloorChangeListener): Promise<void> {
    this.listeners.add(listener);
    try {
      if (!this.client || this.connecting) {
        await this.connected();
        if (this.loaded.has(listener)) return;
      }
      await listener.onResync();
      if (this.listeners.has(listener)) this.loaded.add(listener);
    } catch (error) {
      this.listeners.delete(listener);
      throw error;
    }
  }

  /** Nothing more reaches `listener`. */
  detach(listener: FloorChangeListener): void {
    this.listeners.delete(listener);
    this.loaded.delete(listener);
  }

  /** Whether the feed may be read in bursts now: no listener needs every announcement at once. */
  private inBursts(): boolean {
    for (const listener of this.listeners) if (listener.prompt) return false;
    return true;
  }

  /** One connection at a time, whoever asks for it: the first attach, or a reconnect. */
  private connected(): Promise<void> {
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.listeners.clear();
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    let socket: Socket | undefined;
    const client = new pg.Client({ connectionString: this.config.databaseUrl, application_name: 'first-contact-floor-feed', stream: () => (socket = new Socket()) });
    client.on('notification', (message) => {
      if (message.channel !== FLOOR_CHANNEL || !message.payload) return;
      let change: FloorChange;
      try {
        change = JSON.parse(message.payload) as FloorChange;
      } catch (error) {
        this.logger.error({ err: error }, 'floor change not readable');
        return;
      }
      for (const listener of this.listeners) {
        try {
          listener.onChange(change);
        } catch (error) {
          this.logger.error({ err: error }, 'floor change not applied');
        }
      }
    });
    client.on('error', (error) => this.logger.warn({ err: error }, 'floor feed connection failed'));
    client.on('end', () => {
      if (this.client === client && !this.stopped) this.reconnectLater();
    });
    await client.connect();
    await client.query(`LISTEN ${FLOOR_CHANNEL}`);
    readInBursts(socket!, () => this.inBursts());
    this.client = client;
    this.attempt = 0;
    this.loaded.clear();
    // Listening before loading: a change committed meanwhile is both loaded and announced, and
    // versions make the second copy a no-op.
    try {
      await Promise.all(
        [...this.listeners].map(async (listener) => {
          await listener.onResync();
          this.loaded.add(listener);
        }),
      );
    } catch (error) {
      // Without loaded floors this connection is no use: drop it, and let the caller try again.
      this.client = null;
      await client.end().catch(() => undefined);
      throw error;
    }
  }

  private reconnectLater(): void {
    const delay = RECONNECT_MS[Math.min(this.attempt++, RECONNECT_MS.length - 1)]!;
    setTimeout(() => {
      if (this.stopped) return;
      this.connected().catch((error) => {
        this.logger.warn({ err: error }, 'floor feed reconnect failed');
        this.reconnectLater();
      });
    }, delay).unref();
  }
}

/**
 * After each read, while `inBursts` says so, the socket rests {@link FEED_READ_EVERY_MS} before
 * the next: what arrives meanwhile waits in the kernel and comes in one read, in the order it was sent.
 */
function readInBursts(socket: Socket, inBursts: () => boolean): void {
  socket.on('data', () => {
    if (!inBursts()) return;
    socket.pause();
    setTimeout(() => socket.resume(), FEED_READ_EVERY_MS).unref();
  });
}

/** The feed alone, for the live floor and the routing leader to share one instance. */
@Module({ providers: [FloorChangeFeed], exports: [FloorChangeFeed] })
export class FloorFeedModule {}
