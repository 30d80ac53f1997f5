export * from './api-app.js';
