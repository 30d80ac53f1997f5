export * from './agent.js';
export * from './auth.js';
export * from './call.js';
export * from './errors.js';
export * from './follow-up.js';
export * from './telephony.js';
export * from './topic.js';
export * from './realtime.js';
