export * from './scenario.js';
export * from './distributions.js';
export * from './call-handling.js';
export * from './demo-scenario.js';
export * from './erlang-scenario.js';
export * from './arrivals.js';
