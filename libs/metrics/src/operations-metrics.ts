import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { DataSource } from 'typeorm';

/**
 * What operations watch, in Prometheus text format (`GET /metrics`): queue depth and longest wait
 * per topic, agents by state, follow-ups by kind and status (overdue apart), routing round time,
 * and the process's own figures. Read from the database at each scrape, so every api process
 * reports the same floor. One registry per app, so several apps in one process (the tests) do not collide.
 */
@Injectable()
export class OperationsMetrics {
  readonly registry = new Registry();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    collectDefaultMetrics({ register: this.registry, prefix: 'fc_api_' });
    const db = this.dataSource;
    const readQueues = perScrape<{ topic: string; waiting: number; longest: number | null }>(
      db,
      `SELECT t.key AS topic, count(c.id)::int AS waiting, EXTRACT(EPOCH FROM now() - min(c.queued_at))::float8 AS longest
         FROM topics t LEFT JOIN calls c ON c.topic_id = t.id AND c.state = 'queued' GROUP BY t.key`,
    );
    new Gauge({
      name: 'fc_queue_waiting_calls',
      help: 'Calls waiting in each topic queue',
      labelNames: ['topic'],
      registers: [this.registry],
      async collect() {
        const rows = await readQueues();
        this.reset();
        for (const r of rows) this.set({ topic: r.topic }, r.waiting);
      },
    });
    new Gauge({
      name: 'fc_queue_longest_wait_seconds',
      help: 'How long the longest-waiting caller of each topic has waited',
      labelNames: ['topic'],
      registers: [this.registry],
      async collect() {
        const rows = await readQueues();
        this.reset();
        for (const r of rows) this.set({ topic: r.topic }, r.longest ?? 0);
      },
    });
    new Gauge({
      name: 'fc_agents',
      help: 'Agents by state',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const rows: { state: string; n: number }[] = await db.query('SELECT state, count(*)::int AS n FROM agents GROUP BY state');
        for (const r of rows) this.set({ state: r.state }, r.n);
      },
    });
    const readFollowUps = perScrape<{ kind: string; status: string; n: number; overdue: number }>(
      db,
      `SELECT kind, status, count(*)::int AS n, count(*) FILTER (WHERE status IN ('open', 'in_progress') AND due_at < now())::int AS overdue
         FROM follow_ups GROUP BY kind, status`,
    );
    new Gauge({
      name: 'fc_follow_ups',
      help: 'Follow-ups of calls that went wrong, by kind and status; overdue ones are also counted apart',
      labelNames: ['kind', 'status'],
      registers: [this.registry],
      async collect() {
        const rows = await readFollowUps();
        this.reset();
        for (const r of rows) this.set({ kind: r.kind, status: r.status }, r.n);
      },
    });
    new Gauge({
      name: 'fc_follow_ups_overdue',
      help: 'Open follow-ups past their due time, by kind',
      labelNames: ['kind'],
      registers: [this.registry],
      async collect() {
        const rows = await readFollowUps();
        this.reset();
        for (const r of rows) if (r.overdue > 0) this.inc({ kind: r.kind }, r.overdue);
      },
    });
    new Gauge({
      name: 'fc_routing_round_seconds',
      help: 'Routing round duration over the last 5 minutes, by quantile',
      labelNames: ['quantile'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const [row]: { p50: number | null; p99: number | null }[] = await db.query(
          `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM finished_at - started_at))::float8 AS p50,
                  percentile_cont(0.99) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM finished_at - started_at))::float8 AS p99
             FROM routing_rounds WHERE started_at > now() - interval '5 minutes'`,
        );
        if (row?.p50 != null) this.set({ quantile: '0.5' }, row.p50);
        if (row?.p99 != null) this.set({ quantile: '0.99' }, row.p99);
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
