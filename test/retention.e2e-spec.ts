import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '@fc/config';
import { JobName, QueueName } from '@fc/contracts';
import { JobQueues } from '@fc/jobs';
import { RetentionService } from '@fc/retention';
import type { INestApplicationContext } from '@nestjs/common';
import { eventually } from './support/api-client.js';
import { TestEnvironment } from './support/test-environment.js';

// The retention periods are the defaults: caller numbers 30 days, feedback comments 180, notes 365,
// text messages 30, routing rounds 14, platform events 7. The clock stands at NOW; every fixture's age is set by hand.
const NOW = new Date('2027-03-01T12:00:00.000Z');
const DAY = 24 * 3600 * 1000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);

describe('retention: personal data past its period is purged, and the purge is audited', () => {
  let env: TestEnvironment;
  let worker: INestApplicationContext;
  let retention: RetentionService;
  let topicId: string;
  const clock = new ManualClock(NOW);
  const callIds = new Map<string, string>();

  beforeAll(async () => {
    env = await TestEnvironment.create();
    // The follow-up sweep would stamp the fixtures' open follow-ups between two fingerprints.
    worker = await env.startWorker({ FOLLOW_UP_SWEEP_SEC: '3600' }, clock);
    retention = worker.get(RetentionService);
    topicId = (await env.db.query<{ id: string }>(`SELECT id FROM topics WHERE key = 'passport'`)).rows[0]!.id;
  });
  afterAll(() => env.close());

  /** A call straight into the table, finished `completedDaysAgo` days before NOW (or still live). */
  const call = async (key: string, f: { state: string; direction?: string; completedDaysAgo?: number; note?: string }) => {
    const completedAt = f.completedDaysAgo === undefined ? null : daysAgo(f.completedDaysAgo);
    const arrivedAt = new Date((completedAt ?? NOW).getTime() - 10 * 60_000);
    const answered = f.state === 'completed';
    const { rows } = await env.db.query<{ id: string }>(
      `INSERT INTO calls (external_id, direction, state, topic_id, language, arrived_at, queued_at, waiting_since, answered_at, ended_at, completed_at, outcome, expectation_aligned, note)
       VALUES ($1, $2, $3, $4, 'nb', $5, $5, $5, $6, $7, $7, $8, $9, $10) RETURNING id`,
      [
        `retention-${key}`,
        f.direction ?? 'inbound',
        f.state,
        topicId,
        arrivedAt,
        answered ? new Date(arrivedAt.getTime() + 60_000) : null,
        completedAt,
        answered ? 'resolved' : null,
        answered ? true : null,
        f.note ?? null,
      ],
    );
    callIds.set(key, rows[0]!.id);
    return rows[0]!.id;
  };
  const number = (key: string, createdDaysAgo: number) =>
    env.db.query(`INSERT INTO caller_numbers (call_id, phone_e164, created_at) VALUES ($1, $2, $3)`, [callIds.get(key), `+479155${String(callIds.size).padStart(4, '0')}`, daysAgo(createdDaysAgo)]);
  const followUp = (key: string, kind: string, status: string) =>
    env.db.query(`INSERT INTO follow_ups (call_id, kind, cause, status, due_at) VALUES ($1, $2, 'long_abandon', $3, $4)`, [callIds.get(key), kind, status, daysAgo(1)]);
  const feedback = (key: string, usedDaysAgo: number, comment: string | null) =>
    env.db.query(`INSERT INTO feedback (call_id, token_hash, expires_at, used_at, score, comment, created_at) VALUES ($1, md5(random()::text) || md5(random()::text), $3, $3, 2, $2, $3)`, [
      callIds.get(key),
      comment,
      daysAgo(usedDaysAgo),
    ]);
  const sms = (key: string, createdDaysAgo: number) =>
    env.db.query(`INSERT INTO sms_outbox (call_id, purpose, to_e164, body, created_at) VALUES ($1, 'feedback_invitation', '+4791550000', $2, $3)`, [
      callIds.get(key),
      `sms of ${key}`,
      daysAgo(createdDaysAgo),
    ]);
  /** The call's next platform event, `atDaysAgo` old; delivered to a webhook or not. */
  const platformEvent = (key: string, atDaysAgo: number, delivered: boolean) =>
    env.db.query(
      `INSERT INTO platform_events (call_id, external_id, seq, type, at, data, delivered_at)
       SELECT c.id, c.external_id, COALESCE((SELECT max(seq) FROM platform_events p WHERE p.call_id = c.id), 0) + 1, 'call.release', $2, '{}', $3 FROM calls c WHERE c.id = $1`,
      [callIds.get(key), daysAgo(atDaysAgo), delivered ? daysAgo(atDaysAgo) : null],
    );
  const round = (startedDaysAgo: number) =>
    env.db.query(`INSERT INTO routing_rounds (started_at, finished_at, snapshot, xact_id, waiting, offered, escalated) VALUES ($1, $1, '1:1:', 1, 1, 0, 0)`, [daysAgo(startedDaysAgo)]);

  const numbersLeft = async () => (await env.db.query<{ key: string }>(`SELECT c.external_id AS key FROM caller_numbers n JOIN calls c ON c.id = n.call_id ORDER BY 1`)).rows.map((r) => r.key);
  const notesLeft = async () => (await env.db.query<{ key: string }>(`SELECT external_id AS key FROM calls WHERE note IS NOT NULL ORDER BY 1`)).rows.map((r) => r.key);
  const commentsLeft = async () => (await env.db.query<{ comment: string }>(`SELECT comment FROM feedback WHERE comment IS NOT NULL ORDER BY 1`)).rows.map((r) => r.comment);
  const smsLeft = async () => (await env.db.query<{ body: string }>(`SELECT body FROM sms_outbox WHERE body IS NOT NULL ORDER BY 1`)).rows.map((r) => r.body);
  const platformEventsLeft = async () =>
    (await env.db.query<{ key: string; seq: number }>(`SELECT c.external_id AS key, e.seq FROM platform_events e JOIN calls c ON c.id = e.call_id ORDER BY 1, 2`)).rows.map(
      (r) => `${r.key} #${r.seq}`,
    );
  const roundsLeft = async () => (await env.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM routing_rounds`)).rows[0]!.n;
  const auditEntries = async () => (await env.db.query(`SELECT actor_user_id, actor_role, action, entity_type, entity_id, data FROM audit_log WHERE action = 'retention.purge' ORDER BY at, id`)).rows;

  it("finds nothing to purge on the worker's first scheduled run, and writes no audit entry for it", async () => {
    const queue = worker.get(JobQueues).of(QueueName.Retention);
    const completed = await eventually(async () => ((await queue.getJobCounts('completed')).completed! >= 1 ? await queue.getJobs(['completed']) : undefined), 'the scheduled purge', 15_000);
    expect(completed.map((job) => [job.name, job.returnvalue])).toEqual([
      [
        'purge-expired-data',
        {
          callerNumbers: 0,
          feedbackComments: 0,
          leaderMessages: 0,
          notes: 0,
          smsMessages: 0,
          routingRounds: 0,
          platformEvents: 0,
          rollupRowsFolded: 0,
          cutoffs: {
            callerNumbers: '2027-01-30T12:00:00.000Z',
            feedbackComments: '2026-09-02T12:00:00.000Z',
            leaderMessages: '2026-09-02T12:00:00.000Z',
            notes: '2026-03-01T12:00:00.000Z',
            smsMessages: '2027-01-30T12:00:00.000Z',
            routingRounds: '2027-02-15T12:00:00.000Z',
            platformEvents: '2027-02-22T12:00:00.000Z',
          },
        },
      ],
    ]);
    expect(await auditEntries()).toEqual([]);
  });

  it('purges exactly what is past its period, keeps numbers an open callback needs, and audits the counts', async () => {
    // Long finished, everything old: number, note, feedback comment, text message all go.
    await call('old-done', { state: 'completed', completedDaysAgo: 400, note: 'caller told me about their neighbour' });
    await number('old-done', 400);
    await feedback('old-done', 400, 'old comment');
    await sms('old-done', 400);
    // Abandoned 40 days ago; what the callback follow-up says decides the number's fate.
    for (const [key, kind, status] of [
      ['callback-open', 'callback', 'open'],
      ['callback-in-progress', 'callback', 'in_progress'],
      ['callback-done', 'callback', 'done'],
      ['callback-cancelled', 'callback', 'cancelled'],
      ['review-open', 'quality_review', 'open'],
    ] as const) {
      await call(key, { state: 'abandoned', completedDaysAgo: 40 });
      await number(key, 40);
      await followUp(key, kind, status);
    }
    // A callback call still waiting keeps its number however old; a finished one does not.
    await call('callback-call-live', { state: 'queued', direction: 'callback' });
    await number('callback-call-live', 40);
    await call('callback-call-done', { state: 'completed', direction: 'callback', completedDaysAgo: 35 });
    await number('callback-call-done', 40);
    // Within their periods.
    await call('fresh', { state: 'completed', completedDaysAgo: 10, note: 'fresh note' });
    await number('fresh', 10);
    await feedback('fresh', 10, 'fresh comment');
    await sms('fresh', 10);
    await call('almost', { state: 'completed', completedDaysAgo: 364, note: 'note of 364 days' });
    await number('almost', 29);
    await feedback('almost', 100, 'comment of 100 days');
    // Past their periods too.
    await call('year-old', { state: 'completed', completedDaysAgo: 366, note: 'note of 366 days' });
    await feedback('year-old', 200, 'comment of 200 days');
    await call('silent', { state: 'completed', completedDaysAgo: 500 });
    await feedback('silent', 500, null);
    await sms('year-old', 31);
    await sms('silent', 45);
    for (const days of [30, 20, 15, 13]) await round(days);
    // Platform events go 7 days on, delivered or not, but only once their call has ended: a live
    // call's next event would otherwise be numbered from 1 again.
    await platformEvent('old-done', 400, true);
    await platformEvent('old-done', 400, true);
    await platformEvent('callback-done', 40, false);
    await platformEvent('almost', 8, false);
    await platformEvent('callback-call-live', 40, true);
    await platformEvent('fresh', 6, true);
    const versionOf = async (key: string) => (await env.db.query<{ version: number }>('SELECT version FROM calls WHERE id = $1', [callIds.get(key)])).rows[0]!.version;
    const silentVersion = await versionOf('silent');

    retention.batchSize = 2;
    await expect(retention.purge()).resolves.toEqual({
      callerNumbers: 5,
      feedbackComments: 2,
      leaderMessages: 0,
      notes: 2,
      smsMessages: 3,
      routingRounds: 3,
      platformEvents: 4,
      cutoffs: {
        callerNumbers: '2027-01-30T12:00:00.000Z',
        feedbackComments: '2026-09-02T12:00:00.000Z',
        leaderMessages: '2026-09-02T12:00:00.000Z',
        notes: '2026-03-01T12:00:00.000Z',
        smsMessages: '2027-01-30T12:00:00.000Z',
        routingRounds: '2027-02-15T12:00:00.000Z',
        platformEvents: '2027-02-22T12:00:00.000Z',
      },
    });

    expect(await numbersLeft()).toEqual(['retention-almost', 'retention-callback-call-live', 'retention-callback-in-progress', 'retention-callback-open', 'retention-fresh']);
    expect(await notesLeft()).toEqual(['retention-almost', 'retention-fresh']);
    expect(await commentsLeft()).toEqual(['comment of 100 days', 'fresh comment']);
    expect(await smsLeft()).toEqual(['sms of fresh']);
    expect(await roundsLeft()).toBe(1);
    expect(await platformEventsLeft()).toEqual(['retention-callback-call-live #1', 'retention-fresh #1']);
    // Blanked rows say when; the score and the message's purpose stay.
    const { rows: blankedFeedback } = await env.db.query(`SELECT score, comment_purged_at FROM feedback WHERE comment IS NULL ORDER BY used_at`);
    expect(blankedFeedback).toEqual([
      { score: 2, comment_purged_at: null },
      { score: 2, comment_purged_at: NOW },
      { score: 2, comment_purged_at: NOW },
    ]);
    const { rows: blankedSms } = await env.db.query(`SELECT purpose, to_e164, purged_at FROM sms_outbox WHERE body IS NULL`);
    expect(blankedSms).toEqual([
      { purpose: 'feedback_invitation', to_e164: null, purged_at: NOW },
      { purpose: 'feedback_invitation', to_e164: null, purged_at: NOW },
      { purpose: 'feedback_invitation', to_e164: null, purged_at: NOW },
    ]);
    // A call without a note is not touched (no trigger fires for it); the rest of a purged call stays.
    expect(await versionOf('silent')).toBe(silentVersion);
    const { rows: oldDone } = await env.db.query(`SELECT state, outcome, note FROM calls WHERE id = $1`, [callIds.get('old-done')]);
    expect(oldDone).toEqual([{ state: 'completed', outcome: 'resolved', note: null }]);

    expect(await auditEntries()).toEqual([
      {
        actor_user_id: null,
        actor_role: null,
        action: 'retention.purge',
        entity_type: 'retention',
        entity_id: null,
        data: {
          callerNumbers: 5,
          feedbackComments: 2,
          leaderMessages: 0,
          notes: 2,
          smsMessages: 3,
          routingRounds: 3,
          platformEvents: 4,
          cutoffs: {
            callerNumbers: '2027-01-30T12:00:00.000Z',
            feedbackComments: '2026-09-02T12:00:00.000Z',
            leaderMessages: '2026-09-02T12:00:00.000Z',
            notes: '2026-03-01T12:00:00.000Z',
            smsMessages: '2027-01-30T12:00:00.000Z',
            routingRounds: '2027-02-15T12:00:00.000Z',
            platformEvents: '2027-02-22T12:00:00.000Z',
          },
        },
      },
    ]);
  });

  it('purges nothing more on a second run, and writes no audit entry for it', async () => {
    const before = await env.fingerprint();
    await expect(retention.purge()).resolves.toMatchObject({ callerNumbers: 0, feedbackComments: 0, notes: 0, smsMessages: 0, routingRounds: 0, platformEvents: 0 });
    expect(await env.fingerprint()).toEqual(before);
    expect(await auditEntries()).toHaveLength(1);
  });

  it('judges age by the clock it is given: two days on, the rows that were just within their periods go', async () => {
    clock.advance(2 * DAY);
    await expect(retention.purge()).resolves.toEqual({
      callerNumbers: 1,
      feedbackComments: 0,
      leaderMessages: 0,
      notes: 1,
      smsMessages: 0,
      routingRounds: 1,
      platformEvents: 1,
      cutoffs: {
        callerNumbers: '2027-02-01T12:00:00.000Z',
        feedbackComments: '2026-09-04T12:00:00.000Z',
        leaderMessages: '2026-09-04T12:00:00.000Z',
        notes: '2026-03-03T12:00:00.000Z',
        smsMessages: '2027-02-01T12:00:00.000Z',
        routingRounds: '2027-02-17T12:00:00.000Z',
        platformEvents: '2027-02-24T12:00:00.000Z',
      },
    });
    expect(await numbersLeft()).toEqual(['retention-callback-call-live', 'retention-callback-in-progress', 'retention-callback-open', 'retention-fresh']);
    expect(await notesLeft()).toEqual(['retention-fresh']);
    expect(await roundsLeft()).toBe(0);
    expect(await platformEventsLeft()).toEqual(['retention-callback-call-live #1']);
    expect((await auditEntries()).map((entry) => entry.data)).toEqual([
      expect.objectContaining({ callerNumbers: 5, notes: 2, platformEvents: 4 }),
      expect.objectContaining({ callerNumbers: 1, feedbackComments: 0, notes: 1, smsMessages: 0, routingRounds: 1, platformEvents: 1 }),
    ]);
  });

  it('runs as the job of the retention queue, on the worker', async () => {
    await sms('fresh', 40);
    await round(100);
    const queues = worker.get(JobQueues);
    const added = await queues.add(JobName.PurgeExpiredData, {});
    const finished = await eventually(
      async () => {
        const job = await queues.of(QueueName.Retention).getJob(added.id!);
        return job?.finishedOn ? job : undefined;
      },
      'the purge job to finish',
      15_000,
    );
    expect(finished.failedReason).toBeUndefined();
    expect(finished.returnvalue).toMatchObject({ callerNumbers: 0, feedbackComments: 0, notes: 0, smsMessages: 1, routingRounds: 1, rollupRowsFolded: expect.any(Number) });
    expect(await smsLeft()).toEqual(['sms of fresh']);
    expect(await roundsLeft()).toBe(0);
    expect(await auditEntries()).toHaveLength(3);
  });
});
