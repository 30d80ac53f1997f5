import { AppConfig } from '@fc/config';
import { ROUTING_LEADER_LOCK } from '@fc/persistence';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';

/** The lease connection's `application_name` in `pg_stat_activity`, followed by `:` and the process id. */
export const ROUTING_LEASE_APPLICATION = 'first-contact-routing-lease';
/** How often a process that does not lead tries to: the most a failover waits for the lock. */
export const ROUTING_LEASE_RETRY_MS = 250;

/** Who hears that this process became the routing leader, or stopped being it. */
export interface RoutingLeaseHolder {
  /** This process leads: a failure here gives the lease back. */
  leading(): Promise<void>;
  /** This process no longer leads (its lease connection ended, or the process is stopping). */
  notLeading(): void;
}

/**
 * Which api process runs routing rounds (docs/decisions/0053): the one whose own connection holds
 * {@link ROUTING_LEADER_LOCK}. PostgreSQL lets go of a session's advisory locks when its connection
 * ends, so when the leader's process dies (even by SIGKILL: the kernel closes its socket) the lock
 * is free at once, and another process takes it on its next try, within
 * {@link ROUTING_LEASE_RETRY_MS}. A leader that loses its connection stops leading before it could
 * learn whether someone else leads now; a round it has in hand still commits or not under the
 * round lock and every offer's row re-checks, so two leaders for a moment break nothing.
 */
@Injectable()
export class RoutingLease implements OnApplicationShutdown {
  private readonly logger = new Logger(RoutingLease.name);
  private client: pg.Client | null = null;
  private holder: RoutingLeaseHolder | null = null;
  private leader = false;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly config: AppConfig) {}

  /** Tries to lead now, and again every {@link ROUTING_LEASE_RETRY_MS} while another process does. */
  start(holder: RoutingLeaseHolder): void {
    this.holder = holder;
    void this.attempt();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    this.stepDown();
    await this.client?.end().catch(() => undefined);
  }

  private async attempt(): Promise<void> {
    if (this.stopped || this.leader) return;
    try {
      const client = this.client ?? (await this.connect());
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [ROUTING_LEADER_LOCK]);
      if (rows[0]!.locked && !this.stopped) {
        this.leader = true;
        this.logger.log('routing leader');
        await this.holder!.leading();
        return;
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'routing lease not taken');
      // The lock goes with the connection: without a floor to lead with, give both up and try again.
      this.stepDown();
      const client = this.client;
      this.client = null;
      await client?.end().catch(() => undefined);
    }
    this.retryLater();
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.config.databaseUrl, application_name: `${ROUTING_LEASE_APPLICATION}:${process.pid}`, keepAlive: true });
    client.on('error', (error) => this.logger.warn({ err: error }, 'routing lease connection failed'));
    client.on('end', () => {
      if (this.client !== client) return;
      this.client = null;
      this.stepDown();
      this.retryLater();
    });
    await client.connect();
    this.client = client;
    return client;
  }

  private stepDown(): void {
    if (!this.leader) return;
    this.leader = false;
    this.logger.warn('routing leader no more');
    this.holder?.notLeading();
  }

  private retryLater(): void {
    if (this.stopped) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.attempt(), ROUTING_LEASE_RETRY_MS);
    this.retry.unref();
  }
}
