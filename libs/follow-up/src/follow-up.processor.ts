import { AppConfig } from '@fc/config';
import { FOLLOW_UP_CAUSES, FOLLOW_UP_KINDS, JobName, QueueName } from '@fc/contracts';
import { QueueProcessor } from '@fc/jobs';
import { Injectable } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { FollowUpCreator, type CreateFollowUpPayload } from './follow-up-creator.service.js';
import { FollowUpSweeper } from './follow-up-sweeper.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The `follow-ups` queue: creating follow-ups from their causes, and the reminder and escalation sweep. */
@Injectable()
export class FollowUpProcessor extends QueueProcessor {
  protected readonly queue = QueueName.FollowUps;

  constructor(
    config: AppConfig,
    private readonly creator: FollowUpCreator,
    private readonly sweeper: FollowUpSweeper,
  ) {
    super(config);
  }

  protected async process(job: Job): Promise<unknown> {
    const name = job.name as JobName;
    switch (name) {
      case JobName.CreateFollowUp:
        return { followUpId: await this.creator.create(checkCreatePayload(job.data), job.id!) };
      case JobName.SweepFollowUps:
        return this.sweeper.sweep();
      case JobName.SendFeedbackInvitation:
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
function checkCreatePayload(data: unknown): CreateFollowUpPayload {
  const p = data as Partial<CreateFollowUpPayload> | null;
  if (!p || typeof p.callId !== 'string' || !UUID.test(p.callId)) throw new UnrecoverableError('create-follow-up needs a callId');
  if (!FOLLOW_UP_KINDS.includes(p.kind!)) throw new UnrecoverableError(`unknown follow-up kind ${String(p.kind)}`);
  if (!FOLLOW_UP_CAUSES.includes(p.cause!)) throw new UnrecoverableError(`unknown follow-up cause ${String(p.cause)}`);
  if (typeof p.at !== 'string' || Number.isNaN(Date.parse(p.at))) throw new UnrecoverableError('create-follow-up needs the time of its cause');
  return p as CreateFollowUpPayload;
}
