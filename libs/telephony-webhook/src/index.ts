export * from './platform-event-delivery.js';
export * from './platform-events.processor.js';
export * from './platform-events.repository.js';
export * from './platform-signature.js';
export * from './telephony-webhook-worker.module.js';
