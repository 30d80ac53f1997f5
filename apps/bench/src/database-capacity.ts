import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import pg from 'pg';
import { API_APPLICATION_NAME } from '@fc/persistence';

const run = promisify(execFile);

/** How `pgbenchTps` was measured, printed beside it. */
export interface PgbenchFigures {
  tps: number;
  clients: number;
  threads: number;
  seconds: number;
  scale: number;
}

/**
 * What PostgreSQL on this machine commits per second, now: `pgbench -N` (the TPC-B-like script
 * without the contended teller and branch updates: one UPDATE, one SELECT, one INSERT per
 * transaction) on a throw-away database of the same server. The product's use is reported as a
 * share of this, so the figure holds across machines.
 */
export async function pgbenchTps(serverUrl: string, options: { clients?: number; seconds?: number; scale?: number } = {}): Promise<PgbenchFigures> {
  const clients = options.clients ?? 8;
  const threads = 2;
  const seconds = options.seconds ?? 15;
  const scale = options.scale ?? 10;
  const url = new URL(serverUrl);
  const database = `fc_bench_pgbench_${Date.now().toString(36)}`;
  const connection = ['-h', decodeURIComponent(url.hostname), '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres')];
  const env = { ...process.env, ...(url.password ? { PGPASSWORD: decodeURIComponent(url.password) } : {}) };
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${database}"`);
    await run('pgbench', ['-i', '-q', '-s', String(scale), ...connection, database], { env });
    const { stdout } = await run('pgbench', ['-N', '-n', '-c', String(clients), '-j', String(threads), '-T', String(seconds), ...connection, database], { env });
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1];
    if (!tps) throw new Error(`pgbench printed no tps:\n${stdout}`);
    return { tps: Math.round(Number(tps)), clients, threads, seconds, scale };
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  }
}

/** One statement's share of a window: how often per lifecycle, and its mean time. */
export interface StatementFigures {
  perLifecycle: number;
  meanMs: number;
  query: string;
}

/** What the database did in a window, per lifecycle completed in it. */
export interface DatabaseWork {
  transactionsPerLifecycle: number;
  /**
   * CPU time per lifecycle, in ms: the api processes', this database's PostgreSQL backends', and
   * this benchmark's own (its callers and agents share the machine's cores).
   */
  cpuMsPerLifecycle: { api: number; postgres: number; clients: number };
  /**
   * The api processes' pools, sampled with the backends: connections in all (`size`, the processes
   * times `DATABASE_POOL_SIZE`), the mean lent at once, the mean of those lent to a transaction that
   * is between two statements (waiting for the api to send the next), and the share of samples in
   * which every one was lent, when a request that needs one waits for the pool (docs/decisions/0066).
   */
  apiPool: { size: number; busyMean: number; betweenStatementsMean: number; fullShare: number };
  /** What the database's active backends were waiting for, sampled every 50 ms: share of samples by wait (CPU = not waiting). */
  activeBackends: { mean: number; waits: Record<string, number> };
  /** Statements sent, from pg_stat_statements; null when it is not loaded. */
  statementsPerLifecycle: number | null;
  /**
   * The api processes' writes to PostgreSQL (`fc_database_writes_total`), a round trip each: fewer
   * than statements where statements go ahead of others (docs/decisions/0054).
   */
  databaseWritesPerLifecycle: number;
  topStatements: StatementFigures[] | null;
}

/**
 * Counts one database's transactions (pg_stat_database) and, where the server preloads
 * pg_stat_statements, its statements over a window. Backends publish their transaction counts at
 * most once a second while busy and within 10 s when idle (PostgreSQL 15's PGSTAT_IDLE_INTERVAL):
 * `settle` waits that long, so a window's ends are read after its traffic has been published.
 */
export class DatabaseCounters {
  private statementsLoaded = false;

  private constructor(
    private readonly db: pg.Pool,
    private readonly database: string,
  ) {}

  static async open(db: pg.Pool, database: string): Promise<DatabaseCounters> {
    const counters = new DatabaseCounters(db, database);
    const { rows } = await db.query<{ setting: string }>(`SELECT setting FROM pg_settings WHERE name = 'shared_preload_libraries'`);
    if (rows[0]?.setting.split(',').some((name) => name.trim() === 'pg_stat_statements')) {
      await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      counters.statementsLoaded = true;
    }
    return counters;
  }

  /** Waits until every backend has published what it counted. */
  settle(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, 10_500));
  }

  /**
   * Marks the start of a window (after `settle`); the function returned reads its end, given the
   * lifecycles completed in it. `apiPids` are the api processes whose CPU time counts, `apiUrls`
   * the same processes' addresses, whose writes to the database count; `apiPoolSize` their pools'
   * connections in all.
   */
  async start(apiPids: readonly number[], apiUrls: readonly string[], apiPoolSize: number): Promise<(lifecycles: number) => Promise<DatabaseWork>> {
    const transactionsBefore = await this.transactions();
    const writesBefore = await databaseWrites(apiUrls);
    const backendPids = async () => (await this.db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [this.database])).rows.map((r) => r.pid);
    const apiCpuBefore = await cpuMs(apiPids);
    const clientsCpuBefore = process.cpuUsage();
    const backendCpu = async () => new Map(await Promise.all((await backendPids()).map(async (pid) => [pid, await cpuMs([pid])] as const)));
    const backendsBefore = await backendCpu();
    // The pools close idle connections within 10 s, as long as `settle` waits: read each backend's
    // CPU while the window runs, so that one closed before its end still counts up to its last read.
    const backendsLast = new Map<number, number>();
    const readBackends = async () => {
      for (const [pid, ms] of await backendCpu()) backendsLast.set(pid, ms);
    };
    const backendReader = setInterval(() => void readBackends().catch(() => undefined), 1000);
    if (this.statementsLoaded) await this.db.query('SELECT pg_stat_statements_reset()');
    const waits = new Map<string, number>();
    let samples = 0;
    let active = 0;
    let poolBusy = 0;
    let poolBetween = 0;
    let poolFull = 0;
    const sampler = setInterval(() => {
      void this.db
        .query<{ wait: string | null; state: string | null; api: boolean }>(
          `SELECT wait_event_type || ':' || wait_event AS wait, state, application_name = $2 AS api FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
          [this.database, API_APPLICATION_NAME],
        )
        .then(
          ({ rows }) => {
            samples++;
            let busy = 0;
            for (const { wait, state, api } of rows) {
              // Lent by an api pool: running a statement, or inside a transaction between two.
              if (api && state !== 'idle') busy++;
              if (api && state === 'idle in transaction') poolBetween++;
              if (state !== 'active') continue;
              active++;
              waits.set(wait ?? 'CPU', (waits.get(wait ?? 'CPU') ?? 0) + 1);
            }
            poolBusy += busy;
            if (busy >= apiPoolSize) poolFull++;
          },
          () => undefined,
        );
    }, 50);
    return async (lifecycles: number) => {
      clearInterval(sampler);
      clearInterval(backendReader);
      await readBackends();
      const transactions = (await this.transactions()) - transactionsBefore;
      const per = (n: number) => Math.round((n / Math.max(1, lifecycles)) * 100) / 100;
      const apiCpu = (await cpuMs(apiPids)) - apiCpuBefore;
      const clientsCpu = process.cpuUsage(clientsCpuBefore);
      // A backend that ended is counted up to its last read, at most a second before it ended.
      let postgresCpu = 0;
      for (const [pid, ms] of backendsLast) postgresCpu += ms - (backendsBefore.get(pid) ?? 0);
      const base = {
        transactionsPerLifecycle: per(transactions),
        databaseWritesPerLifecycle: per((await databaseWrites(apiUrls)) - writesBefore),
        cpuMsPerLifecycle: { api: per(apiCpu), postgres: per(postgresCpu), clients: per((clientsCpu.user + clientsCpu.system) / 1000) },
        apiPool: {
          size: apiPoolSize,
          busyMean: Math.round((poolBusy / Math.max(1, samples)) * 100) / 100,
          betweenStatementsMean: Math.round((poolBetween / Math.max(1, samples)) * 100) / 100,
          fullShare: Math.round((poolFull / Math.max(1, samples)) * 1000) / 1000,
        },
        activeBackends: {
          mean: Math.round((active / Math.max(1, samples)) * 100) / 100,
          waits: Object.fromEntries(
            [...waits]
              .sort((a, b) => b[1] - a[1])
              .slice(0, 8)
              .map(([wait, n]) => [wait, Math.round((n / Math.max(1, active)) * 1000) / 1000]),
          ),
        },
      };
      if (!this.statementsLoaded) return { ...base, statementsPerLifecycle: null, topStatements: null };
      const { rows } = await this.db.query<{ calls: string; mean_ms: number; query: string }>(
        `SELECT s.calls, s.mean_exec_time AS mean_ms, s.query
           FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
          WHERE d.datname = $1 AND s.query NOT LIKE '%pg_stat_statements%'
          ORDER BY s.calls DESC`,
        [this.database],
      );
      const statements = rows.reduce((sum, row) => sum + Number(row.calls), 0);
      return {
        ...base,
        statementsPerLifecycle: per(statements),
        topStatements: rows.slice(0, 15).map((row) => ({ perLifecycle: per(Number(row.calls)), meanMs: Math.round(row.mean_ms * 1000) / 1000, query: row.query.replace(/\s+/g, ' ').slice(0, 160) })),
      };
    };
  }

  private async transactions(): Promise<number> {
    const { rows } = await this.db.query<{ n: string }>('SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = $1', [this.database]);
    return Number(rows[0]?.n ?? 0);
  }
}

/** The writes to PostgreSQL the api processes at `apiUrls` have made so far, from their `/metrics`. */
async function databaseWrites(apiUrls: readonly string[]): Promise<number> {
  let total = 0;
  for (const url of apiUrls) {
    const text = await (await fetch(`${url}/metrics`)).text();
    const written = /^fc_database_writes_total (\d+)/m.exec(text)?.[1];
    if (written === undefined) throw new Error(`${url}/metrics has no fc_database_writes_total`);
    total += Number(written);
  }
  return total;
}

/** CPU time (user + system) the processes have used so far, in ms; a process gone counts 0. */
export async function cpuMs(pids: readonly number[]): Promise<number> {
  let ticks = 0;
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    // Fields after the command (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}
