import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { QueueName } from '@fc/contracts';
import { Queue } from 'bullmq';
import { eventually } from './support/api-client.js';
import { TEST_REDIS_URL } from './support/test-run.js';
import { TestEnvironment } from './support/test-environment.js';

describe('a job whose payload does not match its schema', () => {
  let env: TestEnvironment;
  let followUps: Queue;
  let log = '';

  beforeAll(async () => {
    env = await TestEnvironment.create();
    await env.spawnWorker({}, { output: (text) => (log += text) });
    followUps = new Queue(QueueName.FollowUps, { connection: { url: TEST_REDIS_URL }, prefix: `${env.redisPrefix}:bull` });
  });
  afterAll(async () => {
    await followUps.close();
    await env.close();
  });

  it('fails at once, without a retry, and leaves its personal data out of the log', async () => {
    // A producer that put a caller's number and name where the call and the time belong.
    const payload = { callId: '+4791234599', kind: 'callback', cause: 'complaint', at: 'Kari Nordmann, Storgata 1' };
    await env.db.query(`INSERT INTO job_outbox (queue, name, job_id, payload) VALUES ('follow-ups', 'create-follow-up', 'malformed-job', $1)`, [JSON.stringify(payload)]);

    const job = await eventually(
      async () => {
        const found = await followUps.getJob('malformed-job');
        return found?.finishedOn ? found : undefined;
      },
      'the malformed job to finish',
      15_000,
    );
    // Ten attempts were allowed; a payload that cannot be right took only the first.
    expect(job.opts.attempts).toBe(10);
    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toBe('create-follow-up payload does not match its schema at callId, at');

    const failure = await eventually(async () => log.split('\n').find((line) => line.includes('"job failed for good"')), 'the failed job in the log');
    expect(JSON.parse(failure)).toMatchObject({
      queue: 'follow-ups',
      job: 'create-follow-up',
      jobId: 'malformed-job',
      attempt: 1,
      // The log keeps an error's message, never its other fields: the wrong paths are in the message.
      err: { type: 'JobPayloadRejected', message: 'create-follow-up payload does not match its schema at callId, at' },
    });
    expect(log).not.toMatch(/91234599|Nordmann|Storgata/);
    // Its effect never committed: the outbox keeps it for an administrator to look at.
    const { rows } = await env.db.query<{ done_at: Date | null }>(`SELECT done_at FROM job_outbox WHERE job_id = 'malformed-job'`);
    expect(rows).toEqual([{ done_at: null }]);
  });
});
