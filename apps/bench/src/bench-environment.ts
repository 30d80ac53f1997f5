import { hashPassword } from '@fc/auth';
import { dataSourceOptions, seedDemoData } from '@fc/persistence';
import { JwtService } from '@nestjs/jwt';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from './machine.js';
import pg from 'pg';
import { DataSource } from 'typeorm';

export const SERVER_URL = process.env.BENCH_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const JWT_SECRET = 'bench-jwt-secret-0123456789-0123456789-abcdef';
export const TELEPHONY_KEY = 'bench-telephony-key-0123456789';

const urlOf = (database: string) => {
  const url = new URL(SERVER_URL);
  url.pathname = `/${database}`;
  return url.toString();
};

/** What `generate-history` reports when done. */
export interface HistorySummary {
  calls: number;
  dbSizeMb: number;
  journeyEvents: number;
  agentEvents: number;
  agents: number;
}

export interface BenchAgent {
  agentId: string;
  token: string;
}

/** A throw-away world for one benchmark run: its own database and Redis prefix, api processes, agents. */
export class BenchEnvironment {
  readonly db: pg.Pool;
  private readonly children: ChildProcess[] = [];
  /** Worker processes, apart from the api's: apiRssMb measures the api alone. */
  private readonly workers: ChildProcess[] = [];

  private constructor(readonly database: string) {
    this.db = new pg.Pool({ connectionString: urlOf(database), max: 8 });
    this.db.on('error', () => undefined);
  }

  /** Creates, migrates and seeds a fresh database, and grows the floor to `agentCount` agents. */
  static async create(agentCount: number): Promise<BenchEnvironment> {
    const database = `fc_bench_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: SERVER_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
    const dataSource = await new DataSource(dataSourceOptions({ url: urlOf(database), applicationName: 'first-contact-bench', poolSize: 2 })).initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    await seedDemoData(dataSource, await hashPassword('demo1234'));
    await dataSource.destroy();
    const env = new BenchEnvironment(database);
    await env.db.query(
      `WITH new_users AS (
         INSERT INTO users (username, password_hash, role, display_name)
         SELECT 'bench' || n, 'not-a-login', 'agent', 'Bench agent ' || n FROM generate_series(1, $1::int) n
         RETURNING id)
       INSERT INTO agents (user_id, team) SELECT id, 'Bench' FROM new_users`,
      [Math.max(0, agentCount - 40)],
    );
    // Each bench agent: Norwegian and three topics at proficiency 3-5, like the demo floor.
    await env.db.query(
      `INSERT INTO agent_skills (agent_id, skill_id, proficiency)
       SELECT a.id, s.id, CASE WHEN s.kind = 'language' THEN 5 ELSE 3 + (abs(hashtext(a.id::text || s.key)) % 3) END
         FROM agents a JOIN users u ON u.id = a.user_id AND u.username LIKE 'bench%'
         JOIN skills s ON s.key = 'lang:nb'
            OR (s.kind = 'topic' AND abs(hashtext(a.id::text || s.key)) % 10 < 3)
       ON CONFLICT DO NOTHING`,
    );
    return env;
  }

  /**
   * Loads `calls` calls of generated history over the `days` before today (`npm run db:generate`),
   * then vacuums and analyzes, as a line's database looks after it has run a while. `--max-semi-space-size`
   * because the generator allocates in bursts. Before any api process starts: it turns triggers off for its session.
   */
  async generateHistory(calls: number, days: number): Promise<HistorySummary> {
    return new Promise<HistorySummary>((resolve, reject) => {
      const child = spawn(process.execPath, ['--max-semi-space-size=64', fileURLToPath(new URL('../../db/dist/generate-history.js', import.meta.url)), `--calls=${calls}`, `--days=${days}`], {
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: this.url, NODE_ENV: 'development' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as HistorySummary) : reject(new Error(`generator exited with ${code}`))));
    });
  }

  /** Tokens for every agent, minted with the api's secret: 500 argon2 logins would measure argon2, not routing. */
  async agents(): Promise<BenchAgent[]> {
    const jwt = new JwtService({ secret: JWT_SECRET, signOptions: { expiresIn: 3600 } });
    const { rows } = await this.db.query<{ user_id: string; username: string; agent_id: string }>(
      `SELECT u.id AS user_id, u.username, a.id AS agent_id FROM agents a JOIN users u ON u.id = a.user_id ORDER BY u.username`,
    );
    return rows.map((r) => ({ agentId: r.agent_id, token: jwt.sign({ sub: r.user_id, username: r.username, role: 'agent', agentId: r.agent_id }) }));
  }

  get url(): string {
    return urlOf(this.database);
  }

  /** A supervisor's token, minted like the agents'. */
  async supervisorToken(): Promise<string> {
    const { rows } = await this.db.query<{ id: string }>(`SELECT id FROM users WHERE username = 'super01'`);
    return new JwtService({ secret: JWT_SECRET, signOptions: { expiresIn: 3600 } }).sign({ sub: rows[0]!.id, username: 'super01', role: 'supervisor', agentId: null });
  }

  /** The api processes' ids. */
  apiPids(): number[] {
    return this.children.map((child) => child.pid!).filter(Boolean);
  }

  /** Resident memory of each api process now, in MiB. */
  async apiRssMb(): Promise<number[]> {
    return Promise.all(
      this.children.map(async (child) => {
        const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
        return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
      }),
    );
  }

  /** The environment of this run's api and worker processes, then `extra`. */
  private processEnv(extra: Record<string, string>): Record<string, string> {
    return {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      DATABASE_URL: urlOf(this.database),
      REDIS_URL,
      REDIS_PREFIX: `fc-bench:${this.database}`,
      JWT_SECRET,
      TELEPHONY_API_KEY: TELEPHONY_KEY,
      CALLER_KEY_PEPPER: 'bench-caller-key-pepper',
      LOG_LEVEL: 'warn',
      ...extra,
    };
  }

  /** Starts the built api as a process and waits until it is ready; returns its base URL. */
  async spawnApi(extra: Record<string, string> = {}): Promise<string> {
    const port = await freePort();
    // BENCH_API_NODE_ARGS="--prof" profiles the api under the benchmark's load (V8 tick log in the cwd).
    const nodeArgs = process.env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    const child = spawn(process.execPath, [...nodeArgs, fileURLToPath(new URL('../../api/dist/main.js', import.meta.url))], {
      env: { ...this.processEnv(extra), PORT: String(port) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    this.children.push(child);
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 200; i++) {
      if (
        await fetch(`${base}/health/ready`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return base;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('api process did not become ready');
  }

  /** Starts the built worker as a process and waits until it says it is ready. */
  async spawnWorker(extra: Record<string, string> = {}): Promise<void> {
    // Info, for its "worker ready" line; several workers run side by side, none listens for health.
    const child = spawn(process.execPath, [fileURLToPath(new URL('../../worker/dist/main.js', import.meta.url))], {
      env: this.processEnv({ LOG_LEVEL: 'info', WORKER_HEALTH_PORT: '0', ...extra }),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.workers.push(child);
    await new Promise<void>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => reject(new Error('worker process not ready within 30 s')), 30_000);
      const onData = (chunk: Buffer) => {
        seen = (seen + chunk.toString()).slice(-4096);
        if (!seen.includes('worker ready')) return;
        clearTimeout(timer);
        resolve();
      };
      child.stdout!.on('data', onData);
      child.once('exit', (code, signal) => reject(new Error(`worker process exited early (${code ?? signal})`)));
    });
    // Its log is not read after it is ready, but it must not fill the pipe and stall the worker.
    child.stdout!.resume();
  }

  /** Stops the api and worker processes and drops the database, unless asked to keep it for a look afterwards. */
  async close(options: { keepDatabase?: boolean } = {}): Promise<void> {
    const all = [...this.children, ...this.workers];
    for (const child of all) child.kill('SIGTERM');
    await Promise.all(all.map((c) => new Promise((resolve) => (c.exitCode !== null ? resolve(null) : c.once('exit', resolve)))));
    await this.db.end();
    if (options.keepDatabase) return;
    const admin = new pg.Client({ connectionString: SERVER_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${this.database}" WITH (FORCE)`);
    await admin.end();
  }
}
