import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { agentsNeeded, erlangC, erlangCWaitProbability } from './erlang-c.js';

// Expected values worked out with the textbook sum form
// C = (A^N/N!·N/(N−A)) / (Σ_{k<N} A^k/k! + A^N/N!·N/(N−A)), independently of the recursion used here.
describe('erlangC', () => {
  it.each([
    // calls/h, AHT s, agents, T s → pWait, SL, ASA s, occupancy
    [200, 180, 13, 20, 0.285270453, 0.795594788, 17.116227182, 0.769230769],
    [100, 240, 8, 20, 0.532686577, 0.523331107, 95.883583905, 0.833333333],
    [360, 300, 32, 20, 0.630222721, 0.44844589, 94.533408101, 0.9375],
    [60, 180, 4, 15, 0.509433962, 0.531298128, 91.698113208, 0.75],
  ])('%d calls/h, %d s AHT, %d agents, %d s target', (callsPerHour, ahtSec, agents, targetSec, pWait, serviceLevel, asaSec, occupancy) => {
    const result = erlangC({ callsPerHour, ahtSec, agents, targetSec });
    expect(result.pWait).toBeCloseTo(pWait, 8);
    expect(result.serviceLevel).toBeCloseTo(serviceLevel, 8);
    expect(result.asaSec).toBeCloseTo(asaSec, 6);
    expect(result.occupancy).toBeCloseTo(occupancy, 8);
  });

  it('says every caller waits for ever when the traffic is the floor or more', () => {
    expect(erlangC({ callsPerHour: 200, ahtSec: 180, agents: 10, targetSec: 20 })).toEqual({ pWait: 1, serviceLevel: 0, asaSec: Infinity, occupancy: 1 });
  });

  it('stays a probability on floors too big for factorials', () => {
    const pWait = erlangCWaitProbability(2000, 1950);
    expect(pWait).toBeGreaterThan(0);
    expect(pWait).toBeLessThan(1);
  });

  it('gives a service level that grows with agents and an ASA that falls', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 30, max: 900 }), fc.integer({ min: 0, max: 120 }), (callsPerHour, ahtSec, targetSec) => {
        const floor = Math.floor((callsPerHour * ahtSec) / 3600) + 1;
        const fewer = erlangC({ callsPerHour, ahtSec, agents: floor, targetSec });
        const more = erlangC({ callsPerHour, ahtSec, agents: floor + 1, targetSec });
        expect(more.serviceLevel).toBeGreaterThanOrEqual(fewer.serviceLevel);
        expect(more.asaSec).toBeLessThanOrEqual(fewer.asaSec);
      }),
    );
  });

  it('refuses input that is no traffic', () => {
    expect(() => erlangC({ callsPerHour: 0, ahtSec: 180, agents: 13, targetSec: 20 })).toThrow('calls per hour must be a positive number');
    expect(() => erlangC({ callsPerHour: 200, ahtSec: -1, agents: 13, targetSec: 20 })).toThrow('handle time');
    expect(() => erlangC({ callsPerHour: 200, ahtSec: 180, agents: 2.5, targetSec: 20 })).toThrow('agents must be a whole number');
    expect(() => erlangC({ callsPerHour: 200, ahtSec: 180, agents: 13, targetSec: Number.NaN })).toThrow('target');
  });
});

describe('agentsNeeded', () => {
  it('finds the fewest agents reaching the target', () => {
    // SL within 20 s for 10 erlangs: 12 agents 0.640, 13 agents 0.796, 14 agents 0.888.
    expect(agentsNeeded({ callsPerHour: 200, ahtSec: 180, targetSec: 20, targetServiceLevel: 0.8 }).agents).toBe(14);
    expect(agentsNeeded({ callsPerHour: 200, ahtSec: 180, targetSec: 20, targetServiceLevel: 0.79 }).agents).toBe(13);
    expect(agentsNeeded({ callsPerHour: 200, ahtSec: 180, targetSec: 20, targetServiceLevel: 0.6 }).agents).toBe(12);
  });

  it('refuses a target that is not a share', () => {
    expect(() => agentsNeeded({ callsPerHour: 200, ahtSec: 180, targetSec: 20, targetServiceLevel: 80 })).toThrow('between 0 and 1');
  });
});
