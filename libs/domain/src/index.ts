export * from './agent-state.js';
export * from './call-journey.js';
export * from './domain-error.js';
export * from './escalation.js';
export * from './journey-invariants.js';
export * from './routing-policy.js';
export * from './seeded-random.js';
export * from './floor-model.js';
