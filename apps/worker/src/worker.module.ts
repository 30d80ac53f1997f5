import { AppConfig, AppConfigModule, Clock } from '@fc/config';
import { FeedbackWorkerModule } from '@fc/feedback';
import { FollowUpWorkerModule } from '@fc/follow-up';
import { JobHandlerCheck, JobSchedules, JobsModule, OutboxRelay } from '@fc/jobs';
import { LoggingModule, RedisHealthIndicator } from '@fc/observability';
import { PersistenceModule } from '@fc/persistence';
import { RedisModule } from '@fc/redis';
import { RetentionWorkerModule } from '@fc/retention';
import { TelephonyWebhookWorkerModule } from '@fc/telephony-webhook';
import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TerminusModule } from '@nestjs/terminus';
import { WorkerHealth } from './worker-health.js';

/**
 * The worker process: BullMQ processors for follow-ups, feedback invitations, retention and the
 * platform events' webhook, the outbox relay that feeds them from PostgreSQL, the schedules of the
 * repeatable jobs (kept in Redis even when Redis forgets them), and `/health/live` and `/health/ready` on their own port.
 * It refuses to start unless every job has exactly one handler among the processors.
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
        DiscoveryModule,
        JobsModule,
        FollowUpWorkerModule,
        FeedbackWorkerModule,
        RetentionWorkerModule,
        TelephonyWebhookWorkerModule,
        TerminusModule.forRoot({ logger: false }),
      ],
      providers: [JobHandlerCheck, OutboxRelay, JobSchedules, RedisHealthIndicator, WorkerHealth],
    };
  }
}
