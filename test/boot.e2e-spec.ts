import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createWorkerApp } from '@fc/worker';
import { spawn } from 'node:child_process';
import { TestEnvironment } from './support/test-environment.js';

/** Runs a built entry point with exactly `env` (plus PATH) and collects what it printed. */
function runProcess(entry: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('processes at boot', () => {
  it.each(['apps/api/dist/main.js', 'apps/worker/dist/main.js'])('%s exits non-zero with one line per bad variable', async (entry) => {
    const { code, stderr } = await runProcess(entry, { NODE_ENV: 'production', PORT: 'http', DATABASE_URL: 'mysql://db/fc', JWT_SECRET: 'short' });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      'Invalid configuration:',
      '  DATABASE_URL must be a URL starting with postgres:// or postgresql://',
      '  PORT must be a whole number',
      '  JWT_SECRET must be at least 32 characters',
      '  TELEPHONY_API_KEY is required',
      '  CALLER_KEY_PEPPER is required',
    ]);
  });

  describe('the worker', () => {
    let env: TestEnvironment;
    beforeAll(async () => {
      env = await TestEnvironment.create();
    });
    afterAll(() => env.close());

    it('starts against PostgreSQL and Redis and stops cleanly', async () => {
      const worker = await createWorkerApp(env.config());
      const { rows } = await env.db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'first-contact-worker'`);
      expect(rows[0].n).toBeGreaterThan(0);
      await worker.close();
    });
  });
});
