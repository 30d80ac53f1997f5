export * from './data-source-options.js';
export * from './entities/index.js';
export * from './persistence.module.js';
export * from './postgres-errors.js';
export * from './demo/seed-demo-data.js';
export * from './call-contributions.js';
export * from './transaction-runner.js';
export * from './prepared-statements.js';
