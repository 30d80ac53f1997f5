import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '@fc/config';
import { JobName, QueueName } from '@fc/contracts';
import { JobQueues } from '@fc/jobs';
import type { INestApplicationContext } from '@nestjs/common';
import { Redis } from 'ioredis';
import { eventually, type ApiClient } from './support/api-client.js';
import { agentsFor, signIn, workCall, type SignedInAgent } from './support/agents.js';
import { TEST_REDIS_URL } from './support/test-run.js';
import { TestEnvironment, freePort } from './support/test-environment.js';

/** Redis forgets everything of this environment, as a restart without persistence or a failover to an empty replica does. */
async function forgetEverything(env: TestEnvironment): Promise<number> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${env.redisPrefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}

const scheduled = (worker: INestApplicationContext) =>
  Promise.all([JobName.SweepFollowUps, JobName.PurgeExpiredData].map(async (name) => Boolean(await worker.get(JobQueues).ofJob(name).getJobScheduler(name))));

describe('the repeatable jobs outlive a Redis that forgets its keys', () => {
  describe('with a worker that keeps running', () => {
    let env: TestEnvironment;
    let api: ApiClient;
    let worker: INestApplicationContext;
    let agent: SignedInAgent;
    const clock = new ManualClock(new Date());
    const SWEEP_SEC = 2;

    beforeAll(async () => {
      env = await TestEnvironment.create({ OFFER_TIMEOUT_SEC: '30', QUALITY_SAMPLE_RATE: '0', FOLLOW_UP_SWEEP_SEC: String(SWEEP_SEC), JOB_SCHEDULE_CHECK_SEC: '1' });
      ({ api } = await env.startApi());
      worker = await env.startWorker({}, clock);
      await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
      agent = await signIn(api, (await agentsFor(env, 'passport'))[0]!);
    });
    afterAll(() => env.close());

    it('escalates an overdue follow-up within two sweep periods after every key is deleted, without a restart', async () => {
      // A call whose outcome promises a follow-up: a case handover owned by the agent.
      expect((await api.setState(agent.token, 'available')).status).toBe(200);
      const callId = (await api.telephony('/calls', { externalId: `ws-${Date.now()}`, topicKey: 'passport', language: 'nb' })).body.callId as string;
      await workCall(api, agent, callId, { outcome: 'follow_up', expectationAligned: true });
      await env.outboxDrained();
      const { rows } = await env.db.query<{ id: string; due_at: Date }>(`SELECT id, due_at FROM follow_ups WHERE call_id = $1`, [callId]);
      expect(rows).toHaveLength(1);
      await eventually(async () => ((await scheduled(worker)).every(Boolean) ? true : undefined), 'both schedules in Redis');

      expect(await forgetEverything(env)).toBeGreaterThan(0);
      const forgotAt = Date.now();
      clock.set(new Date(rows[0]!.due_at.getTime() + 60_000));

      const escalated = await eventually(
        async () => (await env.db.query<{ escalated_at: Date | null }>('SELECT escalated_at FROM follow_ups WHERE id = $1', [rows[0]!.id])).rows[0]!.escalated_at ?? undefined,
        'the overdue follow-up escalated',
        2 * SWEEP_SEC * 1000 + 1000,
      );
      expect(escalated.toISOString()).toBe(clock.now().toISOString());
      expect(Date.now() - forgotAt).toBeLessThanOrEqual(2 * SWEEP_SEC * 1000 + 1000);
      expect(await scheduled(worker)).toEqual([true, true]);
    });
  });

  describe("the worker's health", () => {
    let env: TestEnvironment;
    let worker: INestApplicationContext;
    let base: string;

    beforeAll(async () => {
      // Checks only on reconnect here (an hour between periodic checks), so a missing schedule stays missing until then.
      env = await TestEnvironment.create({ JOB_SCHEDULE_CHECK_SEC: '3600' });
      const port = await freePort();
      worker = await env.startWorker({ WORKER_HEALTH_PORT: String(port) });
      base = `http://127.0.0.1:${port}`;
    });
    afterAll(() => env.close());

    const get = async (path: string) => {
      const response = await fetch(`${base}${path}`);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    it('is ready with its stores and schedules, says which schedule is missing, and re-creates them when Redis comes back', async () => {
      expect(await get('/health/live')).toEqual({ status: 200, body: expect.objectContaining({ status: 'ok' }) });
      expect(await get('/health/ready')).toEqual({
        status: 200,
        body: expect.objectContaining({ status: 'ok', info: { database: expect.objectContaining({ status: 'up' }), redis: { status: 'up' }, schedules: { status: 'up' } } }),
      });

      await forgetEverything(env);
      const missing = await get('/health/ready');
      expect(missing).toEqual({
        status: 503,
        body: expect.objectContaining({ status: 'error', error: { schedules: { status: 'down', missing: [JobName.SweepFollowUps, JobName.PurgeExpiredData] } } }),
      });
      // Still alive: a missing schedule is for the worker to put right, not a reason to kill it.
      expect((await get('/health/live')).status).toBe(200);

      // The queue's connection drops and comes back (a Redis restart): the worker re-asserts its schedules.
      const client = await worker.get(JobQueues).of(QueueName.FollowUps).getBackend().client;
      client.disconnect(true);
      await eventually(async () => ((await get('/health/ready')).status === 200 ? true : undefined), 'ready again', 10_000);
      expect(await scheduled(worker)).toEqual([true, true]);
    });
  });
});
