export * from './retention-worker.module.js';
