export * from './data-source-options.js';
export * from './entities/index.js';
export * from './persistence.module.js';
export * from './postgres-errors.js';
export * from './demo/demo-agents.js';
export * from './demo/demo-topics.js';
export * from './demo/seed-demo-data.js';
