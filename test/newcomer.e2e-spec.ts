import { CallState, RealtimeNamespace, forEachSupervisorEvent, type FloorCallView, type LoginResponse, type SupervisorClientToServerEvents, type SupervisorServerToClientEvents } from '@fc/contracts';
import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import { eventually } from './support/api-client.js';
import { freePort } from './support/test-environment.js';
import { TEST_REDIS_URL, databaseUrl, withServerClient } from './support/test-run.js';

const ANSWERED: ReadonlySet<string> = new Set([CallState.Connected, CallState.WrapUp, CallState.Completed]);

/** Resolves with the first match of `pattern` in `output()`, or rejects after `timeoutMs` or when the child exits first. */
function waitFor(child: ChildProcess, output: () => string, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = output().match(pattern);
      if (!match) return false;
      cleanup();
      resolve(match);
      return true;
    };
    const poll = setInterval(check, 100);
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`nothing matching ${pattern} within ${timeoutMs} ms; output so far:\n${output().slice(-3000)}`));
    }, timeoutMs);
    const exited = (code: number | null) => {
      if (check()) return;
      cleanup();
      reject(new Error(`npm start exited (${code}) before printing ${pattern}; output:\n${output().slice(-3000)}`));
    };
    const cleanup = () => {
      clearInterval(poll);
      clearTimeout(timer);
      child.off('exit', exited);
    };
    child.once('exit', exited);
  });
}

/** Whether any process of the group is left. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves when the supervisor's floor shows a call an agent answered; counts the calls seen on the way. */
function firstAnsweredCall(baseUrl: string, token: string, timeoutMs: number): Promise<{ calls: number; socket: Socket }> {
  const socket: Socket<SupervisorServerToClientEvents, SupervisorClientToServerEvents> = io(`${baseUrl}${RealtimeNamespace.Supervisor}`, {
    transports: ['websocket'],
    auth: { token },
    forceNew: true,
  });
  const seen = new Set<string>();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answered call within ${timeoutMs} ms (${seen.size} calls seen)`)), timeoutMs);
    const look = (call: FloorCallView) => {
      seen.add(call.id);
      if (ANSWERED.has(call.state) && call.answeredAt) {
        clearTimeout(timer);
        resolve({ calls: seen.size, socket });
      }
    };
    socket.on('snapshot', (snapshot) => snapshot.calls.forEach(look));
    forEachSupervisorEvent(socket, ([event, payload]) => {
      if (event === 'call.updated') look(payload);
    });
  });
}

describe('a newcomer: a fresh clone, npm ci, and the README’s npm start', () => {
  const repository = process.cwd();
  const suffix = `${Date.now().toString(36)}`;
  const database = `${process.env.FC_TEST_RUN}_newcomer`;
  const redisPrefix = `fc-test-newcomer:${suffix}`;
  let clone: string | undefined;
  let child: ChildProcess | undefined;

  afterAll(async () => {
    // The whole process group: npm, scripts/start.mjs, the api, the worker and the simulator.
    if (child?.pid && groupAlive(child.pid)) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await withServerClient((client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const keys = await redis.keys(`${redisPrefix}:*`);
      if (keys.length) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
    if (clone) rmSync(clone, { recursive: true, force: true });
  });

  it('shows calls moving within 60 s of the printed URL, and Ctrl-C stops everything', async () => {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repository, encoding: 'utf8' }).trim();
    clone = mkdtempSync(join(tmpdir(), 'fc-newcomer-'));
    execFileSync('git', ['clone', '--quiet', '--no-checkout', repository, clone]);
    execFileSync('git', ['checkout', '--quiet', head], { cwd: clone });

    // A newcomer's shell: no test or npm-script settings leak in; the npm cache may be warm.
    const shell: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...(process.env.npm_config_cache ? { npm_config_cache: process.env.npm_config_cache } : {}) };
    const installStarted = Date.now();
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: clone, env: shell, stdio: 'ignore', timeout: 300_000 });
    const installSec = (Date.now() - installStarted) / 1000;

    const port = await freePort();
    let stdout = '';
    let stderr = '';
    const started = Date.now();
    child = spawn('npm', ['start'], {
      cwd: clone,
      env: { ...shell, DATABASE_URL: databaseUrl(database), REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: redisPrefix, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, as a terminal gives it: Ctrl-C is a SIGINT to the group
    });
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

    const [, url] = await waitFor(child, () => stdout, /First Contact is running\s+Console\s+(http:\/\/localhost:\d+\/)/, 240_000);
    const urlPrinted = Date.now();
    expect(url).toBe(`http://localhost:${port}/`);
    const page = await fetch(url!);
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    await page.body?.cancel();
    expect(stdout).toMatch(/supervisor\s+super01/);
    expect(stdout).toMatch(/agents\s+agent01 … agent40/);

    const login = await fetch(`${url}api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'super01', password: 'demo1234' }) });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as LoginResponse;
    const { calls, socket } = await firstAnsweredCall(url!.replace(/\/$/, ''), accessToken, 60_000 - (Date.now() - urlPrinted));
    const answered = Date.now();
    socket.close();
    const timings = { npmCiSec: installSec, startToUrlSec: (urlPrinted - started) / 1000, urlToFirstAnsweredCallSec: (answered - urlPrinted) / 1000, callsSeen: calls };
    process.stdout.write(`\nnewcomer: ${JSON.stringify(timings)}\n`);
    expect(answered - urlPrinted).toBeLessThanOrEqual(60_000);

    // The simulator speaks in [sim] lines, a few a minute, not a flood.
    const simLines = `${stdout}\n${stderr}`.split('\n').filter((line) => line.startsWith('[sim] '));
    expect(simLines.length).toBeGreaterThan(0);
    expect(simLines.length).toBeLessThan(10);

    // Ctrl-C: everything stops (npm passes the SIGINT on as its own end), and the port is free again.
    const exited = new Promise<string>((resolve) => child!.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`)));
    process.kill(-child.pid!, 'SIGINT');
    const ending = await Promise.race([exited, new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 20_000))]);
    expect(['exit 0', 'SIGINT']).toContain(ending);
    await eventually(async () => (groupAlive(child!.pid!) ? undefined : true), 'every process of the group gone', 15_000);
    await expect(fetch(`${url}health/live`).then((r) => r.status)).rejects.toThrow();
  }, 480_000);
});
