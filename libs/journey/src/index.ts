export * from './caller-identity.js';
export * from './domain-events.js';
export * from './journey-errors.js';
export * from './journey-transaction.js';
export * from './journey.module.js';
export * from './journey.service.js';
