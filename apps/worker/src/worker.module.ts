import { AppConfig, AppConfigModule } from '@fc/config';
import { LoggingModule } from '@fc/observability';
import { PersistenceModule } from '@fc/persistence';
import { RedisModule } from '@fc/redis';
import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';

/**
 * The worker process: BullMQ processors for follow-ups, reminders, feedback, retention and rollups.
 * It holds the connections those processors share; the processors arrive with their issues.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule,
        PersistenceModule.forRoot('first-contact-worker'),
        RedisModule,
        BullModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (c: AppConfig) => ({ connection: { url: c.redisUrl }, prefix: `${c.redisPrefix}:bull` }),
        }),
      ],
    };
  }
}
