import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities/index.js';
import { MIGRATIONS } from './migrations/index.js';
import { PreparingClient } from './prepared-statements.js';

export interface DatabaseConnectionSettings {
  url: string;
  /** Identifies the process in pg_stat_activity. */
  applicationName: string;
  poolSize?: number;
  /** PostgreSQL cancels any statement on these connections that runs longer (`statement_timeout`). */
  statementTimeoutMs?: number;
  /**
   * False: each query runs in its one backend, without parallel workers
   * (`max_parallel_workers_per_gather = 0`), so it takes at most one of the server's cores.
   */
  parallelQuery?: boolean;
  /**
   * True: each connection prepares the parameterised statements it sends ({@link PreparingClient}).
   * For the long-lived processes' pools, which send the same few hundred statements all day; not
   * for migrations and tools, which change the schema under statements a connection could keep.
   */
  preparedStatements?: boolean;
  /**
   * True: prepared statements are always run with their generic plan, planned once per connection
   * (`plan_cache_mode = force_generic_plan`). Only for a connection whose every statement has a
   * good generic plan; PostgreSQL otherwise plans a statement again at each execution whenever
   * its generic plan looks dearer than a custom one, as `id = ANY($1)` always does.
   */
  genericPlans?: boolean;
}

/** The one place that says how we talk to PostgreSQL. `synchronize` is off everywhere, tests included. */
export function dataSourceOptions(settings: DatabaseConnectionSettings): DataSourceOptions {
  const options = serverOptions(settings);
  return {
    type: 'postgres',
    url: settings.url,
    applicationName: settings.applicationName,
    poolSize: settings.poolSize ?? 10,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    // gen_random_uuid() is built into PostgreSQL 13+; no extension needs installing.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    useUTC: true,
    extra: {
      ...(settings.statementTimeoutMs ? { statement_timeout: settings.statementTimeoutMs } : {}),
      ...(options ? { options } : {}),
      ...(settings.preparedStatements ? { Client: PreparingClient } : {}),
    },
  };
}

/** The server settings a connection starts with (libpq's `options`). */
function serverOptions(settings: DatabaseConnectionSettings): string {
  return [...(settings.parallelQuery === false ? ['-c max_parallel_workers_per_gather=0'] : []), ...(settings.genericPlans ? ['-c plan_cache_mode=force_generic_plan'] : [])].join(' ');
}
