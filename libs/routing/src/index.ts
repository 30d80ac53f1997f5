export * from './call-router.js';
export * from './longest-idle.router.js';
export * from './routing-ticker.js';
export * from './routing.module.js';
