import { describe, expect, it } from '@jest/globals';
import type { AppConfig } from '@fc/config';
import { JobName, QueueName } from '@fc/contracts';
import { Injectable, Module } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { UnrecoverableError } from 'bullmq';
import { JobHandlerCheck } from './job-handler-check.js';
import { JobPayloadRejected, checkJobHandlers, checkedPayload, type HandledJobs, type JobHandlers } from './job-handlers.js';
import { QueueProcessor } from './queue-processor.js';

const CALL_ID = '6f1c2a4e-8b3d-4c5e-9f7a-1b2c3d4e5f60';

/** The processors as the worker registers them. */
const WORKER: HandledJobs[] = [
  { processor: 'FollowUpProcessor', queue: QueueName.FollowUps, jobs: [JobName.CreateFollowUp, JobName.SweepFollowUps] },
  { processor: 'FeedbackInvitationProcessor', queue: QueueName.Feedback, jobs: [JobName.SendFeedbackInvitation, JobName.SendLeaderInvitation] },
  { processor: 'RetentionProcessor', queue: QueueName.Retention, jobs: [JobName.PurgeExpiredData] },
  { processor: 'PlatformEventsProcessor', queue: QueueName.PlatformEvents, jobs: [JobName.DeliverPlatformEvent] },
];

const refusal = (processors: HandledJobs[]): string => {
  try {
    checkJobHandlers(processors);
  } catch (error) {
    return (error as Error).message;
  }
  return 'accepted';
};

describe('the boot check of job handlers', () => {
  it("accepts the worker's processors: every job handled once, on its own queue", () => {
    expect(refusal(WORKER)).toBe('accepted');
  });

  it('refuses a job that has no handler, naming it', () => {
    const withoutSweep = WORKER.map((p) => (p.queue === QueueName.FollowUps ? { ...p, jobs: [JobName.CreateFollowUp] } : p));
    expect(refusal(withoutSweep)).toBe('job handlers do not match the jobs:\n  job sweep-follow-ups has no handler');
  });

  it('refuses a job with two handlers, naming it and them', () => {
    const doubled = [...WORKER, { processor: 'SecondRetentionProcessor', queue: QueueName.Retention, jobs: [JobName.PurgeExpiredData] }];
    expect(refusal(doubled)).toBe(
      'job handlers do not match the jobs:\n  queue retention has 2 processors (RetentionProcessor, SecondRetentionProcessor)\n  job purge-expired-data has 2 handlers (RetentionProcessor, SecondRetentionProcessor)',
    );
  });

  it('refuses a handler on a queue its job never runs on, and a handler of no job', () => {
    const stray = WORKER.map((p) => (p.queue === QueueName.Feedback ? { ...p, jobs: [JobName.SendFeedbackInvitation, JobName.SendLeaderInvitation, JobName.PurgeExpiredData, 'send-postcard'] } : p));
    expect(refusal(stray)).toBe(
      'job handlers do not match the jobs:\n' +
        '  FeedbackInvitationProcessor handles purge-expired-data on queue feedback, but purge-expired-data runs on retention\n' +
        '  FeedbackInvitationProcessor handles send-postcard, which is no job\n' +
        '  job purge-expired-data has 2 handlers (FeedbackInvitationProcessor, RetentionProcessor)',
    );
  });

  it('keeps a worker whose processors miss a job from starting', async () => {
    @Injectable()
    class PartialFollowUpProcessor extends QueueProcessor<typeof QueueName.FollowUps> {
      protected readonly queue = QueueName.FollowUps;
      // Only a cast gets a missing handler past the compiler; the boot check still finds it.
      protected readonly handlers = { [JobName.CreateFollowUp]: async () => null } as unknown as JobHandlers<typeof QueueName.FollowUps>;
      constructor() {
        super({} as AppConfig);
      }
    }
    @Module({ imports: [DiscoveryModule], providers: [JobHandlerCheck, PartialFollowUpProcessor] })
    class PartialWorkerModule {}

    await expect(NestFactory.createApplicationContext(PartialWorkerModule, { logger: false })).rejects.toThrow(
      'job handlers do not match the jobs:\n  job sweep-follow-ups has no handler\n  job send-feedback-invitation has no handler\n  job send-leader-invitation has no handler\n  job purge-expired-data has no handler\n  job deliver-platform-event has no handler',
    );
  });
});

describe('the payload check of a job', () => {
  it('reads a payload that matches its schema', () => {
    expect(checkedPayload(JobName.SendFeedbackInvitation, { callId: CALL_ID, at: '2026-03-02T10:00:00.000Z' })).toEqual({ callId: CALL_ID, at: '2026-03-02T10:00:00.000Z' });
    expect(checkedPayload(JobName.SweepFollowUps, {})).toEqual({});
  });

  it('fails one that does not for good, naming where it is wrong and not what it holds', () => {
    const data = { callId: '+4791234567', kind: 'callback', cause: 'complaint', at: 'Kari Nordmann, Storgata 1' };
    let rejected: unknown;
    try {
      checkedPayload(JobName.CreateFollowUp, data);
    } catch (error) {
      rejected = error;
    }
    expect(rejected).toBeInstanceOf(UnrecoverableError);
    expect(rejected).toBeInstanceOf(JobPayloadRejected);
    expect((rejected as JobPayloadRejected).paths).toEqual(['callId', 'at']);
    expect((rejected as Error).message).toBe('create-follow-up payload does not match its schema at callId, at');
  });

  it('names the payload itself when there is none', () => {
    expect(() => checkedPayload(JobName.SendFeedbackInvitation, null)).toThrow('send-feedback-invitation payload does not match its schema at (payload)');
  });
});
