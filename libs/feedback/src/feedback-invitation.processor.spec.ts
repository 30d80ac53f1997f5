import { describe, expect, it } from '@jest/globals';
import type { AppConfig } from '@fc/config';
import { JobName } from '@fc/contracts';
import { UnrecoverableError, type Job } from 'bullmq';
import type { LeaderInvitationSender } from './conversation/leader-invitation-sender.js';
import type { FeedbackInvitationSender } from './feedback-invitation-sender.js';
import { FeedbackInvitationProcessor } from './feedback-invitation.processor.js';

const CALL_ID = '6f1c2a4e-8b3d-4c5e-9f7a-1b2c3d4e5f60';

describe('the feedback queue processor', () => {
  const sent: { payload: unknown; jobId: string }[] = [];
  const sender = { send: async (payload: unknown, jobId: string) => (sent.push({ payload, jobId }), 'sent') } as unknown as FeedbackInvitationSender;
  const leaderSent: { payload: unknown; jobId: string }[] = [];
  const leaderSender = { send: async (payload: unknown, jobId: string) => (leaderSent.push({ payload, jobId }), 'sent') } as unknown as LeaderInvitationSender;
  const processor = new FeedbackInvitationProcessor({} as AppConfig, sender, leaderSender);
  const run = (name: string, data: unknown) => processor['process']({ name, data, id: `${CALL_ID}-feedback-invitation` } as Job);

  it('sends an invitation with the job id as the outbox key', async () => {
    await expect(run(JobName.SendFeedbackInvitation, { callId: CALL_ID, at: '2026-03-02T10:00:00.000Z' })).resolves.toEqual({ result: 'sent' });
    expect(sent).toEqual([{ payload: { callId: CALL_ID, at: '2026-03-02T10:00:00.000Z' }, jobId: `${CALL_ID}-feedback-invitation` }]);
  });

  it('sends a leader invitation with the job id as the outbox key', async () => {
    await expect(run(JobName.SendLeaderInvitation, { followUpId: CALL_ID, at: '2026-03-02T10:00:00.000Z' })).resolves.toEqual({ result: 'sent' });
    expect(leaderSent).toEqual([{ payload: { followUpId: CALL_ID, at: '2026-03-02T10:00:00.000Z' }, jobId: `${CALL_ID}-feedback-invitation` }]);
  });

  it.each([
    { case: 'no followUpId', data: { at: '2026-03-02T10:00:00.000Z' } },
    { case: 'a followUpId that is not a UUID', data: { followUpId: 'f-1', at: '2026-03-02T10:00:00.000Z' } },
    { case: 'no time', data: { followUpId: CALL_ID } },
  ])('fails a leader invitation with $case for good', async ({ data }) => {
    await expect(run(JobName.SendLeaderInvitation, data)).rejects.toBeInstanceOf(UnrecoverableError);
  });

  it.each([JobName.CreateFollowUp, JobName.SweepFollowUps, JobName.PurgeExpiredData, 'no-such-job'])('fails %s for good: it does not belong here', async (name) => {
    await expect(run(name, {})).rejects.toBeInstanceOf(UnrecoverableError);
  });

  it.each([
    { case: 'no payload', data: null },
    { case: 'no callId', data: { at: '2026-03-02T10:00:00.000Z' } },
    { case: 'a callId that is not a UUID', data: { callId: 'call-1', at: '2026-03-02T10:00:00.000Z' } },
    { case: 'no time', data: { callId: CALL_ID } },
    { case: 'a time that is not one', data: { callId: CALL_ID, at: 'yesterday' } },
  ])('fails a payload with $case for good', async ({ data }) => {
    await expect(run(JobName.SendFeedbackInvitation, data)).rejects.toBeInstanceOf(UnrecoverableError);
  });
});
