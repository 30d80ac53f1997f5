export * from './platform-webhook.js';
