export * from './worker-app.js';
