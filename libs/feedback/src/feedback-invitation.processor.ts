import { AppConfig } from '@fc/config';
import { JobName, QueueName } from '@fc/contracts';
import { QueueProcessor } from '@fc/jobs';
import { Injectable } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { FeedbackInvitationSender, type FeedbackInvitationPayload } from './feedback-invitation-sender.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The `feedback` queue: sending completed calls' callers their feedback link. */
@Injectable()
export class FeedbackInvitationProcessor extends QueueProcessor {
  protected readonly queue = QueueName.Feedback;

  constructor(
    config: AppConfig,
    private readonly sender: FeedbackInvitationSender,
  ) {
    super(config);
  }

  protected async process(job: Job): Promise<unknown> {
    const name = job.name as JobName;
    switch (name) {
      case JobName.SendFeedbackInvitation:
        return { result: await this.sender.send(checkInvitationPayload(job.data), job.id!) };
      case JobName.CreateFollowUp:
      case JobName.SweepFollowUps:
      case JobName.PurgeExpiredData:
        throw new UnrecoverableError(`${name} does not belong on the ${this.queue} queue`);
      default: {
        const unknown: never = name;
        throw new UnrecoverableError(`unknown job ${String(unknown)}`);
      }
    }
  }
}

/** A payload that cannot be right will not become right on retry. */
export function checkInvitationPayload(data: unknown): FeedbackInvitationPayload {
  const p = data as Partial<FeedbackInvitationPayload> | null;
  if (!p || typeof p.callId !== 'string' || !UUID.test(p.callId)) throw new UnrecoverableError('send-feedback-invitation needs a callId');
  if (typeof p.at !== 'string' || Number.isNaN(Date.parse(p.at))) throw new UnrecoverableError('send-feedback-invitation needs the time the call completed');
  return { callId: p.callId, at: p.at };
}
