export * from './page-query.dto.js';
export * from './query-boolean.js';
export * from './address-tracker.js';
