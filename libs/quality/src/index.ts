export * from './quality.module.js';
