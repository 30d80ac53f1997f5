export * from './effect-measurement.service.js';
export * from './metrics-csv.js';
export * from './metrics.module.js';
export * from './metrics.repository.js';
export * from './metrics.service.js';
