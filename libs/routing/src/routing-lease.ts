import { AppConfig } from '@fc/config';
import { AgentState, CallState } from '@fc/contracts';
import { FLOOR_CHANNEL } from '@fc/persistence';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';

/**
 * The session advisory lock whose holder leads routing (decision 0048). Another key than the
 * round's own transaction lock, which the leader's rounds still take on a pooled connection.
 */
export const ROUTING_LEASE_LOCK = 0x02801;

/** A change that can make a pair possible: a call joining a queue, an agent becoming available, a topic's rules. */
function asksForRound(payload: string): boolean {
  const change = JSON.parse(payload) as { kind: string; state?: string; previousState?: string | null };
  if (change.kind === 'topics') return true;
  if (change.state === change.previousState) return false;
  return (change.kind === 'call' && change.state === CallState.Queued) || (change.kind === 'agent' && change.state === AgentState.Available);
}

/**
 * Which api process runs routing rounds: the one holding {@link ROUTING_LEASE_LOCK} on a
 * connection of its own. PostgreSQL ends that session when the process dies (the kernel closes
 * its socket), which frees the lock; the others try for it every `ROUTING_LEASE_RETRY_MS`, so a
 * dead leader is replaced within about that. The same connection listens to the floor's change
 * feed: the leader hears every process's new queued calls and available agents there.
 *
 * Leading is about cost, not correctness: two processes that both believed they led would still
 * be kept apart by the round's transaction lock and the row re-checks (decision 0004).
 */
@Injectable()
export class RoutingLease implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RoutingLease.name);
  private client: pg.Client | null = null;
  private leading = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private attempt: Promise<void> | null = null;
  private readonly roundWanted: (() => void)[] = [];

  constructor(private readonly config: AppConfig) {}

  /** Whether this process leads routing now. */
  get isLeader(): boolean {
    return this.leading;
  }

  /** Calls `ask` when this process becomes the leader, and while it leads, whenever a change elsewhere may make a pair. */
  onRoundWanted(ask: () => void): void {
    this.roundWanted.push(ask);
  }

  /** Tries once before the api serves: a lone process leads from its first request. */
  async onApplicationBootstrap(): Promise<void> {
    await this.tryToLead();
    this.timer = setInterval(() => void this.tryToLead(), this.config.routingLeaseRetryMs);
    this.timer.unref();
  }

  /** Gives the lease up (closing its session frees the lock), after the router has let its last round commit. */
  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.attempt;
    this.leading = false;
    await this.client?.end().catch(() => undefined);
  }

  private tryToLead(): Promise<void> {
    if (this.stopped || this.leading) return Promise.resolve();
    this.attempt ??= this.takeLease()
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'routing lease: could not try for it');
        this.drop();
      })
      .finally(() => (this.attempt = null));
    return this.attempt;
  }

  private async takeLease(): Promise<void> {
    const client = this.client ?? (await this.connect());
    const { rows } = await client.query<{ taken: boolean }>('SELECT pg_try_advisory_lock($1) AS taken', [ROUTING_LEASE_LOCK]);
    if (!rows[0]!.taken || this.stopped) return;
    this.leading = true;
    this.logger.log('this process leads routing');
    // Whatever waited while nobody led is routed now.
    for (const ask of this.roundWanted) ask();
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.config.databaseUrl, application_name: `first-contact-routing-lease ${process.pid}`, keepAlive: true });
    client.on('notification', (message) => {
      if (!this.leading || message.channel !== FLOOR_CHANNEL || !message.payload) return;
      try {
        if (asksForRound(message.payload)) for (const ask of this.roundWanted) ask();
      } catch (error) {
        this.logger.error({ err: error }, 'routing lease: a floor change not understood');
      }
    });
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'routing lease: connection failed');
      if (this.client === client) this.drop();
    });
    client.on('end', () => {
      if (this.client === client) this.drop();
    });
    await client.connect();
    await client.query(`LISTEN ${FLOOR_CHANNEL}`);
    this.client = client;
    return client;
  }

  /** The session is gone or unusable: so is the lease. The next try connects anew. */
  private drop(): void {
    if (this.leading) this.logger.warn('this process no longer leads routing');
    this.leading = false;
    const client = this.client;
    this.client = null;
    void client?.end().catch(() => undefined);
  }
}
