import { AppConfig } from '@fc/config';
import { JobName, QueueName } from '@fc/contracts';
import { QueueProcessor, type JobHandlers } from '@fc/jobs';
import { Injectable } from '@nestjs/common';
import { LeaderInvitationSender } from './conversation/leader-invitation-sender.js';
import { FeedbackInvitationSender } from './feedback-invitation-sender.js';

/** The `feedback` queue: texting citizens their links, to feedback after a call and to a leader conversation after a complaint. */
@Injectable()
export class FeedbackInvitationProcessor extends QueueProcessor<typeof QueueName.Feedback> {
  protected readonly queue = QueueName.Feedback;
  protected readonly handlers: JobHandlers<typeof QueueName.Feedback> = {
    [JobName.SendFeedbackInvitation]: async (payload, job) => ({ result: await this.sender.send(payload, job.id!) }),
    [JobName.SendLeaderInvitation]: async (payload, job) => ({ result: await this.leaderInvitations.send(payload, job.id!) }),
  };

  constructor(
    config: AppConfig,
    private readonly sender: FeedbackInvitationSender,
    private readonly leaderInvitations: LeaderInvitationSender,
  ) {
    super(config);
  }
}
