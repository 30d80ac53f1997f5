import { AppConfig } from '@fc/config';
import { JobName, QueueName } from '@fc/contracts';
import { ImprovementActionSweeper } from '@fc/improvement';
import { QueueProcessor, type JobHandlers } from '@fc/jobs';
import { Injectable } from '@nestjs/common';
import { FollowUpCreator } from './follow-up-creator.js';
import { FollowUpSweeper } from './follow-up-sweeper.js';

/** The `follow-ups` queue: creating follow-ups from their causes, and the reminder and escalation sweep of follow-ups and improvement actions. */
@Injectable()
export class FollowUpProcessor extends QueueProcessor<typeof QueueName.FollowUps> {
  protected readonly queue = QueueName.FollowUps;
  protected readonly handlers: JobHandlers<typeof QueueName.FollowUps> = {
    [JobName.CreateFollowUp]: async (payload, job) => ({ followUpId: await this.creator.create(payload, job.id!) }),
    // One repeatable sweep keeps both kinds of tracked work from being forgotten (decision 0038).
    [JobName.SweepFollowUps]: async () => ({ ...(await this.sweeper.sweep()), improvementActions: await this.improvementActions.sweep() }),
  };

  constructor(
    config: AppConfig,
    private readonly creator: FollowUpCreator,
    private readonly sweeper: FollowUpSweeper,
    private readonly improvementActions: ImprovementActionSweeper,
  ) {
    super(config);
  }
}
