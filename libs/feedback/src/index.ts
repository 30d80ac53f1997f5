export * from './feedback-worker.module.js';
export * from './feedback.module.js';
