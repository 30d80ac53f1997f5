export * from './agents-read.service.js';
export * from './agents.module.js';
