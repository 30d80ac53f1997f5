import { describe, expect, it } from '@jest/globals';
import { erlangC } from '@fc/domain';
import { erlangScenario } from './erlang-scenario.js';
import { simulateOffline } from './offline-simulation.js';

/*
 * DESIGN §9: for one topic with exponential arrivals and handle times, the simulated service level
 * must agree with Erlang C. The tolerance comes from the run itself: 100,000 measured calls after a
 * warm-up of 10,000, cut into 20 batches in arrival order; the spread of the batch means gives the
 * standard error of the run's figure (successive callers share a queue, so calls are correlated
 * and the naive binomial error would be too small). A figure within 4 standard errors of the
 * prediction agrees. The band must also be narrow enough that the prediction for one agent more or
 * fewer lies outside it: a simulation off by an agent's worth of capacity fails the test.
 */
const LOADS = [
  // calls/h, AHT s, agents, T s: occupancy 0.67 to 0.89, small floor to large
  { callsPerHour: 30, ahtSec: 240, agents: 3, targetSec: 20 },
  { callsPerHour: 60, ahtSec: 300, agents: 7, targetSec: 20 },
  { callsPerHour: 200, ahtSec: 180, agents: 13, targetSec: 20 },
  { callsPerHour: 400, ahtSec: 240, agents: 30, targetSec: 30 },
];
const CALLS = 100_000;
const WARMUP = 10_000;
const AGREEMENT = 4;

describe('the offline simulation against Erlang C', () => {
  it.each(LOADS)('$callsPerHour calls/h, AHT $ahtSec s, $agents agents, target $targetSec s', (load) => {
    const result = simulateOffline(erlangScenario({ ...load, seed: 7 }), { routing: 'fifo', calls: CALLS, warmupCalls: WARMUP });
    const predicted = erlangC(load);
    const { figures, pWait } = result.total;
    const se = result.standardError!;

    expect(figures.offered).toBe(CALLS);
    expect(figures.answered).toBe(CALLS);
    expect(figures.abandoned).toBe(0);

    expect(Math.abs(figures.serviceLevel.value! - predicted.serviceLevel)).toBeLessThanOrEqual(AGREEMENT * se.serviceLevel);
    expect(Math.abs(figures.asaSec.value! - predicted.asaSec)).toBeLessThanOrEqual(AGREEMENT * se.asaSec);
    expect(Math.abs(pWait.value! - predicted.pWait)).toBeLessThanOrEqual(AGREEMENT * se.pWait);
    expect(result.occupancy.value!).toBeCloseTo(predicted.occupancy, 1);

    // The band is narrow enough to tell this floor from one agent more or fewer.
    for (const agents of [load.agents - 1, load.agents + 1]) {
      if ((load.callsPerHour * load.ahtSec) / 3600 >= agents) continue;
      expect(Math.abs(figures.serviceLevel.value! - erlangC({ ...load, agents }).serviceLevel)).toBeGreaterThan(AGREEMENT * se.serviceLevel);
    }
  });
});
