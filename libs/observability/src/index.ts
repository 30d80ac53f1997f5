export * from './health.controller.js';
export * from './log-safe-error.js';
export * from './logging.module.js';
export * from './observability.module.js';
export * from './redis-health.indicator.js';
export * from './api-error-body.js';
export * from './within.js';
