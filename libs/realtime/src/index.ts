export * from './floor-io.adapter.js';
export * from './floor-views.repository.js';
export * from './live-floor.js';
export * from './realtime.module.js';
export * from './realtime-rooms.js';
export * from './offer-connection.js';
