import { AppConfig } from '@fc/config';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
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
}

const RECONNECT_MS = [100, 500, 1000, 2000, 5000];

/**
 * The database's announcements of floor changes, on a connection of its own. PostgreSQL delivers
 * them at commit, in commit order, so per-call order holds across every api process; after a lost
 * connection the listener is told to reload rather than trust a feed with a gap in it.
 */
@Injectable()
export class FloorChangeFeed implements OnApplicationShutdown {
  private readonly logger = new Logger(FloorChangeFeed.name);
  private client: pg.Client | null = null;
  private listener: FloorChangeListener | null = null;
  private stopped = false;
  private attempt = 0;
  private applicationName = 'first-contact-floor-feed';

  constructor(private readonly config: AppConfig) {}

  /**
   * Starts listening; resolves once the first connection listens and the listener has loaded.
   * `applicationName` names the connection in `pg_stat_activity`.
   */
  async start(listener: FloorChangeListener, applicationName = 'first-contact-floor-feed'): Promise<void> {
    this.listener = listener;
    this.applicationName = applicationName;
    await this.connect();
  }

  /** Stops listening for good: nothing more reaches the listener. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.listener = null;
    await this.client?.end().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.config.databaseUrl, application_name: this.applicationName });
    client.on('notification', (message) => {
      if (message.channel !== FLOOR_CHANNEL || !message.payload || !this.listener) return;
      try {
        this.listener.onChange(JSON.parse(message.payload) as FloorChange);
      } catch (error) {
        this.logger.error({ err: error }, 'floor change not applied');
      }
    });
    client.on('error', (error) => this.logger.warn({ err: error }, 'floor feed connection failed'));
    client.on('end', () => {
      if (this.client === client && !this.stopped) this.reconnectLater();
    });
    await client.connect();
    await client.query(`LISTEN ${FLOOR_CHANNEL}`);
    this.client = client;
    this.attempt = 0;
    // Listening before loading: a change committed meanwhile is both loaded and announced, and
    // versions make the second copy a no-op.
    const listener = this.listener;
    if (!listener) {
      // Stopped while connecting.
      await client.end().catch(() => undefined);
      return;
    }
    try {
      await listener.onResync();
    } catch (error) {
      // Without a loaded floor this connection is no use: drop it, and let the caller try again.
      this.client = null;
      await client.end().catch(() => undefined);
      throw error;
    }
  }

  private reconnectLater(): void {
    const delay = RECONNECT_MS[Math.min(this.attempt++, RECONNECT_MS.length - 1)]!;
    setTimeout(() => {
      if (this.stopped) return;
      this.connect().catch((error) => {
        this.logger.warn({ err: error }, 'floor feed reconnect failed');
        this.reconnectLater();
      });
    }, delay).unref();
  }
}
