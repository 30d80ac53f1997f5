import { AppConfig, type Clock } from '@fc/config';
import { REDIS_CLIENT } from '@fc/redis';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Redis } from 'ioredis';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { WorkerModule } from './worker.module.js';

export interface WorkerAppOptions {
  /** The time as reminders and escalation read it; tests pass a manual clock. */
  clock?: Clock;
}

/** Starts the worker and proves both stores answer before it reports ready. */
export async function createWorkerApp(config: AppConfig, options: WorkerAppOptions = {}): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, options.clock), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.get(DataSource).query('SELECT 1');
  await app.get<Redis>(REDIS_CLIENT).ping();
  await app.init();
  app.get(Logger).log('worker ready');
  return app;
}
