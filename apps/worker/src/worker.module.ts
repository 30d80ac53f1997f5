import { AppConfig, AppConfigModule, Clock } from '@fc/config';
import { FeedbackWorkerModule } from '@fc/feedback';
import { FollowUpWorkerModule } from '@fc/follow-up';
import { JobSchedules, JobsModule, OutboxRelay } from '@fc/jobs';
import { LoggingModule } from '@fc/observability';
import { PersistenceModule } from '@fc/persistence';
import { RedisModule } from '@fc/redis';
import { RetentionWorkerModule } from '@fc/retention';
import { DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';

/**
 * The worker process: BullMQ processors for follow-ups, feedback invitations and retention, the
 * outbox relay that feeds them from PostgreSQL, and the schedules of the repeatable jobs.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forRoot(config, clock),
        LoggingModule,
        PersistenceModule.forRoot('first-contact-worker'),
        RedisModule,
        EventEmitterModule.forRoot(),
        JobsModule,
        FollowUpWorkerModule,
        FeedbackWorkerModule,
        RetentionWorkerModule,
      ],
      providers: [OutboxRelay, JobSchedules],
    };
  }
}
