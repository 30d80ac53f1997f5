import { describe, expect, it } from '@jest/globals';
import { formatDuration, formatSimulatedTime, SimulatedClock } from './simulated-clock.js';

describe('the simulated clock', () => {
  const at = (ms: number) => {
    const clock = { now: 1_000_000 };
    const sim = new SimulatedClock(11 * 3600, 10, () => clock.now);
    return { sim, advance: (by: number) => (clock.now += by), set: () => (clock.now = 1_000_000 + ms) };
  };

  it('reads its start until started, then runs scale times as fast as real time', () => {
    const { sim, advance } = at(0);
    expect(sim.nowSec()).toBe(39_600);
    advance(5000);
    expect(sim.nowSec()).toBe(39_600);
    sim.start();
    advance(1500);
    expect(sim.elapsedRealSec()).toBe(1.5);
    expect(sim.nowSec()).toBe(39_615);
    expect(sim.timeOfDaySec()).toBe(39_615);
    expect(sim.day()).toBe(0);
  });

  it('turns simulated durations into real milliseconds', () => {
    const { sim, advance } = at(0);
    sim.start();
    expect(sim.realMs(300)).toBe(30_000);
    expect(sim.realMs(-3)).toBe(0);
    advance(2000);
    expect(sim.realMsUntil(39_660)).toBe(4000);
    expect(sim.realMsUntil(39_000)).toBe(0);
  });

  it('skips forward over a night, never back, and counts the days', () => {
    const { sim, advance } = at(0);
    sim.start();
    sim.skipTo(86_400 + 7 * 3600);
    expect(sim.nowSec()).toBe(111_600);
    expect(sim.day()).toBe(1);
    expect(sim.timeOfDaySec()).toBe(25_200);
    sim.skipTo(50_000);
    expect(sim.nowSec()).toBe(111_600);
    advance(1000);
    expect(sim.nowSec()).toBe(111_610);
  });

  it('refuses a scale that is not above 0', () => {
    expect(() => new SimulatedClock(0, 0)).toThrow(RangeError);
  });

  it('formats simulated times and real durations', () => {
    expect(formatSimulatedTime(39_600)).toBe('11:00:00');
    expect(formatSimulatedTime(41_999.9)).toBe('11:39:59');
    expect(formatSimulatedTime(86_400 + 25_200)).toBe('day 2 07:00:00');
    expect(formatDuration(59.9)).toBe('0:59');
    expect(formatDuration(180)).toBe('3:00');
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});
