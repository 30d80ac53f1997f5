import { createApiApp } from '@fc/api';
import { AppConfig, type Clock } from '@fc/config';
import { createWorkerApp } from '@fc/worker';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dataSourceOptions } from '@fc/persistence';
import pg from 'pg';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { freePort } from '../../apps/bench/src/machine.js';
import { ApiClient, eventually } from './api-client.js';
import { TEST_REDIS_URL, databaseUrl, templateDatabase, withServerClient } from './test-run.js';

export const TELEPHONY_KEY = 'test-telephony-key-0123456789';
export const JWT_SECRET = 'test-jwt-secret-0123456789-0123456789-abcdef';

/** Every time a call's row records: what {@link TestEnvironment.backdateCall} moves. */
const CALL_TIMES = [
  'arrived_at',
  'queued_at',
  'waiting_since',
  'callback_offered_at',
  'offer_expires_at',
  'answered_at',
  'ended_at',
  'completed_at',
  'repeat_contact_at',
  'dialled_at',
  'callback_due_at',
  'created_at',
  'updated_at',
] as const;

export interface ApiProcess {
  child: ChildProcess;
  api: ApiClient;
}

/** A port nobody listens on right now, for TCP and UDP alike (the benchmarks' own). */
export { freePort };

export interface ApiInstance {
  app: NestExpressApplication;
  api: ApiClient;
}

/**
 * One test file's world: its own database cloned from the run's template, its own Redis key
 * prefix, and as many api instances as the test asks for, all on that database and prefix.
 */
export class TestEnvironment {
  readonly instances: ApiInstance[] = [];
  readonly workers: INestApplicationContext[] = [];
  readonly processes: ChildProcess[] = [];
  private readonly dataSources: DataSource[] = [];
  readonly db: pg.Pool;

  private constructor(
    readonly databaseName: string,
    readonly redisPrefix: string,
    private readonly overrides: Record<string, string>,
  ) {
    this.db = new pg.Pool({ connectionString: databaseUrl(databaseName), max: 4 });
    // An idle client is cut when the database is dropped at the end; that is expected, not a failure.
    this.db.on('error', () => undefined);
  }

  static async create(overrides: Record<string, string> = {}): Promise<TestEnvironment> {
    const suffix = randomBytes(4).toString('hex');
    const name = `${process.env.FC_TEST_RUN}_${suffix}`;
    await withServerClient((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${templateDatabase()}"`));
    return new TestEnvironment(name, `fc-test:${suffix}`, overrides);
  }

  config(extra: Record<string, string> = {}): AppConfig {
    return AppConfig.fromEnvironment(this.environment(extra));
  }

  /**
   * The whole environment of this test file's processes: the test defaults, the file's overrides,
   * then `extra`. In-process instances read it through {@link config}; spawned ones get all of it.
   */
  environment(extra: Record<string, string> = {}): Record<string, string> {
    return {
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl(this.databaseName),
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: this.redisPrefix,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      JWT_SECRET,
      TELEPHONY_API_KEY: TELEPHONY_KEY,
      CALLER_KEY_PEPPER: 'test-caller-key-pepper',
      ROUTING_TICK_MS: '250',
      OUTBOX_POLL_MS: '100',
      OUTBOX_RECHECK_SEC: '2',
      JOB_LOCK_MS: '2000',
      // Several workers run side by side: none listens for health unless a test gives it a port.
      WORKER_HEALTH_PORT: '0',
      ...this.overrides,
      ...extra,
    };
  }

  /** Starts another api instance on this environment's database and Redis prefix. */
  async startApi(extra: Record<string, string> = {}): Promise<ApiInstance> {
    const app = await createApiApp(this.config(extra));
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    const instance = { app, api: new ApiClient(`http://127.0.0.1:${address.port}`, TELEPHONY_KEY) };
    this.instances.push(instance);
    return instance;
  }

  /**
   * Starts the built api (`node apps/api/dist/main.js`) as its own process, as production runs
   * it, on this environment's database and Redis prefix, and waits until it is ready.
   */
  async spawnApi(extra: Record<string, string> = {}, options: { port?: number; output?: (text: string) => void } = {}): Promise<ApiProcess> {
    // A given port lets a test bring an api back where its clients expect it.
    const port = options.port ?? (await freePort());
    const child = spawn(process.execPath, ['apps/api/dist/main.js'], {
      // Warnings and errors in its log unless the test asks for more (or less).
      env: { PATH: process.env.PATH ?? '', ...this.environment({ LOG_LEVEL: 'warn', ...extra }), PORT: String(port) },
      // With `output`, the test reads the api's log (stdout) as it is written.
      stdio: options.output ? ['ignore', 'pipe', 'ignore'] : 'ignore',
    });
    if (options.output) child.stdout!.on('data', (chunk: Buffer) => options.output!(chunk.toString()));
    this.processes.push(child);
    const api = new ApiClient(`http://127.0.0.1:${port}`, TELEPHONY_KEY);
    await eventually(
      async () => {
        const ready = await api.request('GET', '/health/ready').catch(() => undefined);
        return ready?.status === 200 ? true : undefined;
      },
      'api process ready',
      20_000,
    );
    return { child, api };
  }

  /** Starts a worker in this process (processors, outbox relay, schedules) on this environment. */
  async startWorker(extra: Record<string, string> = {}, clock?: Clock): Promise<INestApplicationContext> {
    const worker = await createWorkerApp(this.config(extra), { clock });
    this.workers.push(worker);
    return worker;
  }

  /**
   * Starts the built worker (`node apps/worker/dist/main.js`) as its own process, as production
   * runs it, and waits until it says it is ready.
   */
  async spawnWorker(extra: Record<string, string> = {}, options: { output?: (text: string) => void } = {}): Promise<ChildProcess> {
    // Info, for its "worker ready" line.
    const child = spawn(process.execPath, ['apps/worker/dist/main.js'], {
      env: { PATH: process.env.PATH ?? '', ...this.environment({ LOG_LEVEL: 'info', ...extra }) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.processes.push(child);
    await new Promise<void>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => reject(new Error('worker process not ready within 20 s')), 20_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        options.output?.(chunk.toString());
        seen = (seen + chunk.toString()).slice(-4096);
        if (seen.includes('worker ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code, signal) => reject(new Error(`worker process exited early (${code ?? signal})`)));
    });
    child.stdout!.resume();
    return child;
  }

  /** Waits until every job written to the outbox has had its effect committed. */
  async outboxDrained(timeoutMs = 15_000): Promise<void> {
    await eventually(
      async () => {
        const { rows } = await this.db.query<{ pending: number }>('SELECT count(*)::int AS pending FROM job_outbox WHERE done_at IS NULL');
        return rows[0]!.pending === 0 ? true : undefined;
      },
      'every outbox job done',
      timeoutMs,
    );
  }

  /**
   * Waits until a routing round has run that saw every one of transactions `xacts` (`xact_id`s of
   * the journey logs, or a test's own `pg_current_xact_id()`): what that round did not offer, it
   * could not. Rounds take one lock in turn, so any round running before has finished. A round is
   * logged only while a call waits.
   */
  async routingRoundSaw(xacts: string | readonly string[], timeoutMs = 5000): Promise<void> {
    const all = typeof xacts === 'string' ? [xacts] : xacts;
    await eventually(
      async () => {
        const { rowCount } = await this.db.query(
          'SELECT 1 FROM routing_rounds r WHERE (SELECT bool_and(pg_visible_in_snapshot(x::xid8, r.snapshot::pg_snapshot)) FROM unnest($1::text[]) AS x) LIMIT 1',
          [all],
        );
        return rowCount ? true : undefined;
      },
      `a routing round that saw transaction ${all.join(', ')}`,
      timeoutMs,
    );
  }

  /** Waits until a routing round has run that saw `callId` as it is now (its latest journey event). */
  async routingRoundSawCall(callId: string, timeoutMs = 5000): Promise<void> {
    const { rows } = await this.db.query<{ xact: string }>('SELECT xact_id::text AS xact FROM call_events WHERE call_id = $1 ORDER BY seq DESC LIMIT 1', [callId]);
    await this.routingRoundSaw(rows[0]!.xact, timeoutMs);
  }

  /**
   * Writes generated call history into this environment's database with `npm run db:generate`'s
   * tool (apps/db/dist/generate-history.js), given its options (`--calls=…`, `--plant-topic=…`).
   */
  generateHistory(options: readonly string[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['apps/db/dist/generate-history.js', ...options, '--quiet'], {
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: this.config().databaseUrl, NODE_ENV: 'development', LOG_LEVEL: 'warn' },
        stdio: 'ignore',
      });
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`history generator exited with ${code}`))));
    });
  }

  /**
   * Moves every time `callId` has recorded so far, its row's and its journey log's, `ms` into the
   * past, as if that long had passed since: a wait, a talk or a wrap-up the test need not sit
   * through. What the call does next is logged at the real time, `ms` later than before.
   */
  async backdateCall(callId: string, ms: number): Promise<void> {
    const client = await this.db.connect();
    try {
      await client.query('BEGIN');
      const by = `${ms} milliseconds`;
      // The row first, as the journey locks it, then its log.
      await client.query(`UPDATE calls SET ${CALL_TIMES.map((column) => `${column} = ${column} - $2::interval`).join(', ')} WHERE id = $1`, [callId, by]);
      // The journey log refuses changes (it is evidence): its guard is off for this transaction only.
      await client.query('ALTER TABLE call_events DISABLE TRIGGER call_events_append_only');
      await client.query('UPDATE call_events SET at = at - $2::interval WHERE call_id = $1', [callId, by]);
      await client.query('ALTER TABLE call_events ENABLE TRIGGER call_events_append_only');
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  /** A fingerprint of every table's contents: equal fingerprints mean nothing changed. */
  async fingerprint(): Promise<Record<string, string>> {
    const tables = [
      'calls',
      'call_events',
      'caller_numbers',
      'agents',
      'agent_skills',
      'users',
      'topics',
      'skills',
      'follow_ups',
      'reviews',
      'feedback',
      'audit_log',
      'job_outbox',
      'root_causes',
      'sms_outbox',
      'evaluation_forms',
      'evaluation_form_versions',
      'calibrations',
      'evaluations',
      'improvement_actions',
      'improvement_action_topics',
      'improvement_action_root_causes',
      'leader_invitations',
    ];
    const result: Record<string, string> = {};
    for (const table of tables) {
      const { rows } = await this.db.query<{ count: string; digest: string | null }>(`SELECT count(*)::text AS count, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM "${table}" t`);
      result[table] = `${rows[0]!.count}:${rows[0]!.digest ?? '-'}`;
    }
    return result;
  }

  /** A TypeORM data source on this environment's database, for a test that drives a library directly; closed with the environment. */
  async dataSource(applicationName: string, poolSize = 2): Promise<DataSource> {
    const dataSource = await new DataSource(dataSourceOptions({ url: this.config().databaseUrl, applicationName, poolSize })).initialize();
    this.dataSources.push(dataSource);
    return dataSource;
  }

  async close(): Promise<void> {
    for (const dataSource of this.dataSources.splice(0)) await dataSource.destroy();
    for (const { app } of this.instances.splice(0)) await app.close();
    for (const worker of this.workers.splice(0)) await worker.close();
    for (const child of this.processes.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    }
    await this.db.end();
    await withServerClient((client) => client.query(`DROP DATABASE IF EXISTS "${this.databaseName}" WITH (FORCE)`));
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const keys = await redis.keys(`${this.redisPrefix}:*`);
      if (keys.length) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  }
}
