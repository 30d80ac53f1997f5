export * from './job-options.js';
export * from './job-outbox.js';
export * from './job-queues.js';
export * from './jobs.module.js';
export * from './outbox-relay.service.js';
export * from './job-schedules.js';
export * from './queue-processor.js';
