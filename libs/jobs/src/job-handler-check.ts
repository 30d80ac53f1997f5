import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { checkJobHandlers } from './job-handlers.js';
import { QueueProcessor } from './queue-processor.js';

/**
 * The worker's boot check: every job has exactly one handler among the registered processors.
 * It runs before any processor starts taking jobs (module init comes before bootstrap), so a
 * worker with a job nobody handles refuses to start instead of failing that job at run time.
 * Needs `DiscoveryModule` from `@nestjs/core`.
 */
@Injectable()
export class JobHandlerCheck implements OnModuleInit {
  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const processors = this.discovery
      .getProviders()
      .map(({ instance }: { instance: unknown }) => instance)
      .filter((instance): instance is QueueProcessor => instance instanceof QueueProcessor);
    checkJobHandlers(processors.map((processor) => processor.handledJobs()));
  }
}
