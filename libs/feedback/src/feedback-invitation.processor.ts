import { AppConfig } from '@fc/config';
import { JobName, QueueName } from '@fc/contracts';
import { QueueProcessor, type JobHandlers } from '@fc/jobs';
import { Injectable } from '@nestjs/common';
import { FeedbackInvitationSender } from './feedback-invitation-sender.js';

/** The `feedback` queue: sending completed calls' callers their feedback link. */
@Injectable()
export class FeedbackInvitationProcessor extends QueueProcessor<typeof QueueName.Feedback> {
  protected readonly queue = QueueName.Feedback;
  protected readonly handlers: JobHandlers<typeof QueueName.Feedback> = {
    [JobName.SendFeedbackInvitation]: async (payload, job) => ({ result: await this.sender.send(payload, job.id!) }),
  };

  constructor(
    config: AppConfig,
    private readonly sender: FeedbackInvitationSender,
  ) {
    super(config);
  }
}
