export * from './call-router.js';
export * from './routing-candidates.repository.js';
export * from './skill-based.router.js';
export * from './routing-ticker.js';
export * from './routing.module.js';
export * from './routing-floor.js';
export * from './routing-lease.js';
export * from './routing-connection.js';
