import { AppConfig } from '@fc/config';
import { QueueName } from '@fc/contracts';
import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { FINISHED_JOB_RETENTION } from './job-options.js';
import { JobQueues } from './job-queues.js';

/** BullMQ's connection and every queue, for the processes that enqueue, process or show jobs. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        connection: { url: config.redisUrl },
        prefix: `${config.redisPrefix}:bull`,
        defaultJobOptions: FINISHED_JOB_RETENTION,
      }),
    }),
    BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name }))),
  ],
  providers: [JobQueues],
  exports: [JobQueues, BullModule],
})
export class JobsModule {}
