import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { DataSource } from 'typeorm';

/**
 * What operations watch, in Prometheus text format (`GET /metrics`): queue depth and longest wait
 * per topic, agents by state, routing round time, and the process's own figures. Read from the
 * database at each scrape, so every api process reports the same floor. One registry per app, so
 * several apps in one process (the tests) do not collide.
 */
@Injectable()
export class OperationsMetrics {
  readonly registry = new Registry();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    collectDefaultMetrics({ register: this.registry, prefix: 'fc_api_' });
    const db = this.dataSource;
    // One read of the queues per scrape, shared by the two gauges that show it (collected concurrently).
    let queues: Promise<{ topic: string; waiting: number; longest: number | null }[]> | null = null;
    const readQueues = () =>
      (queues ??= db
        .query(
          `SELECT t.key AS topic, count(c.id)::int AS waiting, EXTRACT(EPOCH FROM now() - min(c.queued_at))::float8 AS longest
             FROM topics t LEFT JOIN calls c ON c.topic_id = t.id AND c.state = 'queued' GROUP BY t.key`,
        )
        .finally(() => setTimeout(() => (queues = null), 500)));
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
