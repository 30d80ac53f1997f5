export * from './retention-worker.module.js';
export * from './retention.processor.js';
export * from './retention.service.js';
