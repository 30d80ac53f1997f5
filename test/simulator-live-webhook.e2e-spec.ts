import { describeLiveSimulator } from './support/live-simulator.js';

// The platform events pushed by the worker to the simulator's webhook; by the feed in simulator-live.e2e-spec.ts.
// Two thirds of the feed's run: the simulator and the floor are the same, only the way events arrive differs.
describeLiveSimulator('webhook', 120);
