export * from './admin.module.js';
export * from './routing-catalog.service.js';
export * from './users.service.js';
