export * from './app-config.js';
export * from './app-config.module.js';
export * from './clock.js';
