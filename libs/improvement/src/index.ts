export * from './improvement-action-sweeper.js';
export * from './improvement-actions.repository.js';
export * from './improvement-actions.service.js';
export * from './improvement-effect-refresher.js';
export * from './improvement-effects.js';
export * from './improvement-errors.js';
export * from './improvement.module.js';
