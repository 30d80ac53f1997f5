import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { Redis } from 'ioredis';
import { JobName } from '@fc/contracts';
import { eventually, type ApiClient } from './support/api-client.js';
import { agentsFor, signIn, workCall, type SignedInAgent } from './support/agents.js';
import { TestEnvironment, freePort } from './support/test-environment.js';

const exited = (child: ChildProcess) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)));

/** What every completed call must have led to, once each: its follow-ups by kind, its review, its feedback link. */
async function effectsOf(db: pg.Pool, callId: string) {
  const { rows } = await db.query<{ follow_ups: string[]; events: string[]; reviews: number; texts: number }>(
    `SELECT ARRAY(SELECT kind FROM follow_ups WHERE call_id = $1 ORDER BY kind)::text[] AS follow_ups,
            ARRAY(SELECT data->>'kind' FROM call_events WHERE call_id = $1 AND type = 'follow_up_created' ORDER BY data->>'kind')::text[] AS events,
            (SELECT count(*)::int FROM reviews WHERE call_id = $1) AS reviews,
            (SELECT count(*)::int FROM sms_outbox WHERE call_id = $1) AS texts`,
    [callId],
  );
  return rows[0]!;
}

describe('follow-ups survive a worker killed mid-job and a Redis that forgets everything', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let agent: SignedInAgent;
  let sequence = 0;

  /** `agent` answers a passport call and records `outcome`. */
  const handled = async (outcome: string, callerNumber?: string) => {
    expect((await api.setState(agent.token, 'available')).status).toBe(200);
    const arrived = await api.telephony('/calls', { externalId: `d-${Date.now()}-${++sequence}`, topicKey: 'passport', language: 'nb', ...(callerNumber ? { callerNumber } : {}) });
    const callId: string = arrived.body.callId;
    await workCall(api, agent, callId, { outcome, expectationAligned: false });
    return callId;
  };

  describe('a worker killed with SIGKILL in the middle of a job', () => {
    beforeAll(async () => {
      env = await TestEnvironment.create({ OFFER_TIMEOUT_SEC: '30', QUALITY_SAMPLE_RATE: '0' });
      ({ api } = await env.startApi());
      await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
      agent = await signIn(api, (await agentsFor(env, 'passport'))[0]!);
    });
    afterAll(() => env.close());

    it("leaves the job's effect there exactly once after a restart", async () => {
      // No worker yet: the complaint's two follow-up jobs wait in the outbox.
      const callId = await handled('complaint');
      // Hold the call's row so the worker's job stops inside its transaction, after it began.
      const blocker = new pg.Client({ connectionString: env.config().databaseUrl });
      await blocker.connect();
      await blocker.query('BEGIN');
      await blocker.query('SELECT id FROM calls WHERE id = $1 FOR UPDATE', [callId]);

      const worker = await env.spawnWorker();
      await eventually(
        async () => {
          const { rows } = await env.db.query<{ waiting: number }>(
            `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE application_name = 'first-contact-worker' AND wait_event_type = 'Lock'`,
          );
          return rows[0]!.waiting >= 1 ? true : undefined;
        },
        'the follow-up job waiting inside its transaction',
        15_000,
      );
      worker.kill('SIGKILL');
      await exited(worker);
      await blocker.query('ROLLBACK');
      await blocker.end();

      // The killed job committed nothing.
      expect(await effectsOf(env.db, callId)).toEqual({ follow_ups: [], events: [], reviews: 0, texts: 0 });
      // Only the follow-up jobs: the call's platform events have delivery jobs of their own, which the killed worker may or may not have run.
      const { rows: pending } = await env.db.query<{ pending: number }>(`SELECT count(*)::int AS pending FROM job_outbox WHERE done_at IS NULL AND name = $1`, [JobName.CreateFollowUp]);
      expect(pending[0]!.pending).toBe(2);

      // A new worker takes the stalled jobs over once their lock runs out, and runs them again.
      await env.spawnWorker();
      await env.outboxDrained(30_000);
      expect(await effectsOf(env.db, callId)).toEqual({ follow_ups: ['leader_conversation', 'quality_review'], events: ['leader_conversation', 'quality_review'], reviews: 1, texts: 0 });
    });
  });

  describe('a Redis restart while calls are completing', () => {
    let redisPort: number;
    let redis: ChildProcess;
    const startRedis = async () => {
      redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
      const client = new Redis(redisPort, '127.0.0.1', { lazyConnect: true, retryStrategy: () => 50, maxRetriesPerRequest: null });
      await eventually(async () => ((await client.ping().catch(() => undefined)) === 'PONG' ? true : undefined), 'redis up', 10_000);
      client.disconnect();
    };

    beforeAll(async () => {
      redisPort = await freePort();
      await startRedis();
      env = await TestEnvironment.create({ OFFER_TIMEOUT_SEC: '30', QUALITY_SAMPLE_RATE: '0', REDIS_URL: `redis://127.0.0.1:${redisPort}` });
      ({ api } = await env.startApi());
      await env.startWorker();
      await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
      agent = await signIn(api, (await agentsFor(env, 'passport'))[0]!);
    });
    afterAll(async () => {
      await env.close();
      redis.kill('SIGKILL');
      await exited(redis);
    });

    it('ends with every follow-up that should exist, once', async () => {
      const outcomes = ['complaint', 'unresolved', 'follow_up', 'resolved'];
      const calls: { callId: string; outcome: string; withNumber: boolean }[] = [];
      for (let i = 0; i < 16; i++) {
        if (i === 6) {
          // Jobs of the calls so far may be queued, running or done: all of Redis goes, with no persistence.
          redis.kill('SIGKILL');
          await exited(redis);
        }
        if (i === 10) await startRedis();
        const outcome = outcomes[i % outcomes.length]!;
        const withNumber = i % 2 === 0;
        calls.push({ callId: await handled(outcome, withNumber ? `+47912346${String(i).padStart(2, '0')}` : undefined), outcome, withNumber });
      }
      await env.outboxDrained(45_000);

      const expected = (outcome: string, withNumber: boolean) => {
        const kinds: string[] = {
          complaint: ['leader_conversation', 'quality_review'],
          unresolved: [withNumber ? 'callback' : 'case_handover', 'quality_review'],
          follow_up: ['case_handover'],
          resolved: [] as string[],
        }[outcome]!;
        // A caller with a number gets the feedback link, and a complainant also the invitation to a leader conversation (decision 0041): each once.
        const texts = withNumber ? (outcome === 'complaint' ? 2 : 1) : 0;
        return { follow_ups: [...kinds].sort(), events: [...kinds].sort(), reviews: kinds.includes('quality_review') ? 1 : 0, texts };
      };
      for (const { callId, outcome, withNumber } of calls) expect({ callId, ...(await effectsOf(env.db, callId)) }).toEqual({ callId, ...expected(outcome, withNumber) });
      const { rows } = await env.db.query<{ count: number }>('SELECT count(*)::int AS count FROM follow_ups');
      // 16 calls, four of each outcome: complaint 2, unresolved 2, follow_up 1, resolved 0 → 4 × 5.
      expect(rows[0]!.count).toBe(20);
    });
  });
});
