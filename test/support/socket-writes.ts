import type pg from 'pg';
import type { DataSource } from 'typeorm';

/** The writes to PostgreSQL's socket of a data source whose pool holds one connection: one round trip each. */
export interface SocketWrites {
  /** Writes since the last `reset`. */
  readonly count: number;
  /** Writes since counting began. */
  readonly total: number;
  reset(): void;
}

/** Counts the writes of `dataSource`'s one pooled connection from now on (its pool size must be 1). */
export async function countSocketWrites(dataSource: DataSource): Promise<SocketWrites> {
  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as pg.Client & { connection: { stream: Record<'_write' | '_writev', (...args: unknown[]) => void> } };
  await runner.release();
  const stream = client.connection.stream;
  const counted = { count: 0, total: 0, reset: () => void (counted.count = 0) };
  for (const method of ['_write', '_writev'] as const) {
    const write = stream[method]!.bind(stream);
    stream[method] = (...args: unknown[]) => {
      counted.count++;
      counted.total++;
      write(...args);
    };
  }
  return counted;
}
