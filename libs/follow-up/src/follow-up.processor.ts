import { AppConfig } from '@fc/config';
import { JobName, QueueName } from '@fc/contracts';
import { QueueProcessor, type JobHandlers } from '@fc/jobs';
import { Injectable } from '@nestjs/common';
import { FollowUpCreator } from './follow-up-creator.js';
import { FollowUpSweeper } from './follow-up-sweeper.js';

/** The `follow-ups` queue: creating follow-ups from their causes, and the reminder and escalation sweep. */
@Injectable()
export class FollowUpProcessor extends QueueProcessor<typeof QueueName.FollowUps> {
  protected readonly queue = QueueName.FollowUps;
  protected readonly handlers: JobHandlers<typeof QueueName.FollowUps> = {
    [JobName.CreateFollowUp]: async (payload, job) => ({ followUpId: await this.creator.create(payload, job.id!) }),
    [JobName.SweepFollowUps]: () => this.sweeper.sweep(),
  };

  constructor(
    config: AppConfig,
    private readonly creator: FollowUpCreator,
    private readonly sweeper: FollowUpSweeper,
  ) {
    super(config);
  }
}
