import { JobQueues } from '@fc/jobs';
import { ROUTING_LEADER_LOCK, advisoryLockHeld, databaseWrites, poolUse } from '@fc/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { DataSource } from 'typeorm';
import { ReportThreads } from './report-threads.js';

/**
 * What operations watch, in Prometheus text format (`GET /metrics`): queue depth and longest wait
 * per topic, agents by state, follow-ups by kind and status (overdue apart), whether a process
 * leads routing and routing round time,
 * this process's metrics reports running and waiting, its writes to PostgreSQL and its connection
 * pool's use,
 * BullMQ jobs by queue and state and the outbox not yet done, and the process's own figures. Read
 * from the database and Redis at each scrape, so every api process reports the same floor. One
 * registry per app, so several apps in one process (the tests) do not collide.
 */
@Injectable()
export class OperationsMetrics {
  readonly registry = new Registry();
  private readonly logger = new Logger(OperationsMetrics.name);

  constructor(@InjectDataSource() dataSource: DataSource, jobQueues: JobQueues, reports: ReportThreads) {
    collectDefaultMetrics({ register: this.registry, prefix: 'fc_api_' });
    // First, before the scrape's own reads take connections of the pool; a pool lending every
    // connection while requests wait is what DATABASE_POOL_SIZE is sized by (docs/decisions/0066).
    const pool = async () => [poolUse(dataSource)];
    const poolConnections = async () => {
      const use = poolUse(dataSource);
      return [
        { state: 'busy', n: use.busy },
        { state: 'idle', n: use.idle },
      ];
    };
    this.gauge('fc_database_pool_size', "The most connections this process's pool to PostgreSQL opens (DATABASE_POOL_SIZE)", [], pool, (r) => [{}, r.size]);
    this.gauge('fc_database_pool_connections', "This process's pool connections to PostgreSQL: busy (lent to a transaction or a query) or idle", ['state'], poolConnections, (r) => [
      { state: r.state },
      r.n,
    ]);
    this.gauge('fc_database_pool_waiting', "This process's queries and transactions waiting for a pool connection", [], pool, (r) => [{}, r.waiting]);
    const queues = perScrape<{ topic: string; waiting: number; longest: number | null }>(
      dataSource,
      `SELECT t.key AS topic, count(c.id)::int AS waiting, EXTRACT(EPOCH FROM now() - min(c.queued_at))::float8 AS longest
         FROM topics t LEFT JOIN calls c ON c.topic_id = t.id AND c.state = 'queued' GROUP BY t.key`,
    );
    const agents = perScrape<{ state: string; n: number }>(dataSource, 'SELECT state, count(*)::int AS n FROM agents GROUP BY state');
    const followUps = perScrape<{ kind: string; status: string; n: number; overdue: number }>(
      dataSource,
      `SELECT kind, status, count(*)::int AS n, count(*) FILTER (WHERE status IN ('open', 'in_progress') AND due_at < now())::int AS overdue
         FROM follow_ups GROUP BY kind, status`,
    );
    const rounds = perScrape<{ quantile: string; seconds: number | null }>(
      dataSource,
      `SELECT q.quantile::text, percentile_cont(q.quantile) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM r.finished_at - r.started_at))::float8 AS seconds
         FROM (VALUES (0.5::float8), (0.99::float8)) q(quantile)
         LEFT JOIN routing_rounds r ON r.started_at > now() - interval '5 minutes'
        GROUP BY q.quantile`,
    );
    const leaders = perScrape<{ n: number }>(dataSource, `SELECT count(*)::int AS n FROM pg_locks l WHERE ${advisoryLockHeld('l', ROUTING_LEADER_LOCK)}`);
    // A partial index holds exactly these rows; one gauge reads it, so nothing to share per scrape.
    const outbox = () => dataSource.query('SELECT count(*)::int AS pending FROM job_outbox WHERE done_at IS NULL') as Promise<{ pending: number }[]>;
    // Without Redis the job gauge has no samples (absent, not zero) and the database's figures still go out.
    const jobs = () =>
      jobQueues.counts().catch((error: unknown) => {
        this.logger.warn({ err: error }, 'job counts unavailable for this scrape');
        return [];
      });
    this.gauge('fc_queue_waiting_calls', 'Calls waiting in each topic queue', ['topic'], queues, (r) => [{ topic: r.topic }, r.waiting]);
    this.gauge('fc_queue_longest_wait_seconds', 'How long the longest-waiting caller of each topic has waited', ['topic'], queues, (r) => [{ topic: r.topic }, r.longest ?? 0]);
    this.gauge('fc_agents', 'Agents by state', ['state'], agents, (r) => [{ state: r.state }, r.n]);
    this.gauge('fc_follow_ups', 'Follow-ups of calls that went wrong, by kind and status', ['kind', 'status'], followUps, (r) => [{ kind: r.kind, status: r.status }, r.n]);
    this.gauge('fc_follow_ups_overdue', 'Open follow-ups past their due time, by kind', ['kind'], followUps, (r) => (r.overdue > 0 ? [{ kind: r.kind }, r.overdue] : null), 'add');
    this.gauge('fc_jobs', 'BullMQ jobs by queue and state; failed ones failed for good and are on the job dashboard', ['queue', 'state'], jobs, (r) => [{ queue: r.queue, state: r.state }, r.count]);
    this.gauge('fc_job_outbox_pending', 'Jobs written to the outbox whose effect has not committed yet (queued, running, retrying or failed)', [], outbox, (r) => [{}, r.pending]);
    const reportLoad = async () => Object.entries(reports.load).map(([state, n]) => ({ state, n }));
    this.gauge('fc_metrics_reports', 'Metrics reports of this api process being computed (running) or waiting for a report thread (waiting)', ['state'], reportLoad, (r) => [{ state: r.state }, r.n]);
    this.gauge('fc_routing_leaders', 'Api processes leading routing: 1 while rounds run, 0 while no process routes (docs/decisions/0053)', [], leaders, (r) => [{}, r.n]);
    new Counter({
      name: 'fc_database_writes_total',
      help: "Writes this process made to PostgreSQL's sockets, a round trip each; statements sent ahead share them (docs/decisions/0054)",
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(databaseWrites());
      },
    });
    this.gauge('fc_routing_round_seconds', 'Routing round duration over the last 5 minutes, by quantile', ['quantile'], rounds, (r) =>
      r.seconds === null ? null : [{ quantile: r.quantile }, r.seconds],
    );
  }

  /** A gauge filled at each scrape from `read`'s rows; `add` sums rows that share labels. */
  private gauge<T>(name: string, help: string, labelNames: string[], read: () => Promise<T[]>, sample: (row: T) => [Record<string, string>, number] | null, mode: 'set' | 'add' = 'set'): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        const rows = await read();
        this.reset();
        for (const row of rows) {
          const point = sample(row);
          if (!point) continue;
          if (mode === 'add') this.inc(point[0], point[1]);
          else this.set(point[0], point[1]);
        }
      },
    });
  }
}

/** One read per scrape, shared by the gauges that show it: a registry collects its gauges concurrently. */
function perScrape<T>(db: DataSource, sql: string): () => Promise<T[]> {
  let reading: Promise<T[]> | null = null;
  return () =>
    (reading ??= (db.query(sql) as Promise<T[]>).finally(() => {
      setTimeout(() => (reading = null), 500).unref();
    }));
}
