import { describe, expect, it } from '@jest/globals';
import type { AppConfig } from '@fc/config';
import { JobName } from '@fc/contracts';
import { UnrecoverableError, type BackoffStrategy, type Job } from 'bullmq';
import type { PlatformEventDelivery } from './platform-event-delivery.js';
import { PlatformEventsProcessor } from './platform-events.processor.js';

const CALL_ID = '6f1c2a4e-8b3d-4c5e-9f7a-1b2c3d4e5f60';

describe('the platform-events queue processor', () => {
  const asked: { payload: unknown; jobId: string }[] = [];
  const delivery = { deliver: async (payload: unknown, jobId: string) => (asked.push({ payload, jobId }), 'delivered') } as unknown as PlatformEventDelivery;
  const processor = new PlatformEventsProcessor({ telephonyWebhookRetryBaseMs: 100 } as AppConfig, delivery);
  const run = (name: string, data: unknown) => processor['process']({ name, data, id: `${CALL_ID}-platform-event-2` } as Job);

  it('delivers the event with its job id, the key of its outbox row', async () => {
    await expect(run(JobName.DeliverPlatformEvent, { callId: CALL_ID, seq: 2 })).resolves.toEqual({ result: 'delivered' });
    expect(asked).toEqual([{ payload: { callId: CALL_ID, seq: 2 }, jobId: `${CALL_ID}-platform-event-2` }]);
  });

  it.each([
    { case: 'no seq', data: { callId: CALL_ID } },
    { case: 'a seq of 0', data: { callId: CALL_ID, seq: 0 } },
    { case: 'a seq that is not whole', data: { callId: CALL_ID, seq: 1.5 } },
    { case: 'a callId that is not a UUID', data: { callId: 'call-1', seq: 1 } },
  ])('fails a payload with $case for good', async ({ data }) => {
    await expect(run(JobName.DeliverPlatformEvent, data)).rejects.toBeInstanceOf(UnrecoverableError);
  });

  it.each([JobName.SendFeedbackInvitation, JobName.PurgeExpiredData, 'no-such-job'])('fails %s for good: it does not belong here', async (name) => {
    await expect(run(name, {})).rejects.toBeInstanceOf(UnrecoverableError);
  });

  it('waits the configured base after the first failure, doubling up to 10 minutes', () => {
    const backoff = processor['backoffStrategy'] as BackoffStrategy;
    expect([1, 2, 3, 13, 14].map((attemptsMade) => backoff(attemptsMade))).toEqual([100, 200, 400, 409_600, 600_000]);
  });
});
