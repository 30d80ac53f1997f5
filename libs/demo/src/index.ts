// The demo centre's fixtures (topics, people, skills), for `npm start`'s seed, the simulator and
// tests; not the product's domain rules, which stay in libs/domain.
export * from './demo-topics.js';
export * from './demo-agents.js';
export * from './demo-evaluation-form.js';
