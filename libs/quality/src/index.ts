export * from './learnings.service.js';
export * from './quality.module.js';
export * from './reviews.repository.js';
export * from './reviews.service.js';
export * from './root-cause-insights.service.js';
export * from './root-causes.service.js';
