import { describeLiveSimulator } from './support/live-simulator.js';

// The platform events pushed by the worker to the simulator's webhook; by the feed in simulator-live.e2e-spec.ts.
describeLiveSimulator('webhook');
