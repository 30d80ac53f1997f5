export * from './call-view.js';
export * from './calls-read.service.js';
export * from './calls.controller.js';
export * from './calls.module.js';
export * from './calls.repository.js';
export * from './platform-events.repository.js';
