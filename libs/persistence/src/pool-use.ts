import type pg from 'pg';
import type { DataSource } from 'typeorm';

/** What a process's connection pool holds now: for `/metrics`, and for sizing `DATABASE_POOL_SIZE`. */
export interface PoolUse {
  /** The most connections the pool opens. */
  size: number;
  /** Connections lent to a transaction or a query. */
  busy: number;
  idle: number;
  /** Queries and transactions waiting for a connection: while above 0, the pool, not PostgreSQL, is what they wait for. */
  waiting: number;
}

/** The pool behind `dataSource`: TypeORM's PostgreSQL driver keeps a `pg.Pool` as its `master`. */
export function poolUse(dataSource: DataSource): PoolUse {
  const pool = (dataSource.driver as unknown as { master: pg.Pool }).master;
  // pg-pool queues every request for a turn of the event loop, even one an idle connection or a new
  // one will serve: only those beyond what the pool can still lend wait for it.
  const waiting = pool.totalCount >= pool.options.max ? Math.max(0, pool.waitingCount - pool.idleCount) : 0;
  return { size: pool.options.max, busy: pool.totalCount - pool.idleCount, idle: pool.idleCount, waiting };
}
