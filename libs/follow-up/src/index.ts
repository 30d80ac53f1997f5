export * from './follow-up-creator.js';
export * from './follow-up-sweeper.js';
export * from './follow-up-worker.module.js';
export * from './follow-up.module.js';
export * from './follow-up.processor.js';
export * from './follow-ups.service.js';
