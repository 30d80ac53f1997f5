import { describe, expect, it } from '@jest/globals';
import type { CallState, Outcome } from '@fc/contracts';
import { addTallies, callFigures, citizenFeedback, followUpOnTime, occupancy, tallyCall, type CallFacts } from './metric-formulas.js';

// Every expected value below is worked out by hand in the comments, not by the code under test.
const at = (time: string) => new Date(`2026-11-02T${time}Z`);
const NOW = new Date('2026-11-20T12:00:00Z'); // every window of 2 Nov has closed

function call(state: CallState, queued: string | null, times: { answered?: string; ended?: string; completed?: string } = {}, extra: Partial<CallFacts> = {}): CallFacts {
  return {
    state,
    arrivedAt: at(queued ?? '08:00:00'),
    queuedAt: queued ? at(queued) : null,
    answeredAt: times.answered ? at(times.answered) : null,
    endedAt: times.ended ? at(times.ended) : null,
    completedAt: times.completed ? at(times.completed) : null,
    transferCount: 0,
    outcome: null,
    serviceLevelThresholdSec: 20,
    hasCallerKey: true,
    repeatContactAt: null,
    ...extra,
  };
}
const completed = (queued: string, answered: string, done: string, outcome: Outcome, extra: Partial<CallFacts> = {}) =>
  call('completed', queued, { answered, ended: done, completed: done }, { outcome, ...extra });

const figuresOf = (calls: CallFacts[], now = NOW) => callFigures(addTallies(...calls.map((c) => tallyCall(c, now))));

describe('the figures of DESIGN §7 on a hand-made morning', () => {
  const morning = [
    // c1: waited 10 s (within T = 20), handled 09:00:10 → 09:04:10 = 240 s, resolved first line.
    completed('09:00:00', '09:00:10', '09:04:10', 'resolved'),
    // c2: waited 30 s (not within), handled 09:10:30 → 09:16:00 = 330 s, one transfer, unresolved.
    completed('09:10:00', '09:10:30', '09:16:00', 'unresolved', { transferCount: 1 }),
    // c3: hung up after 3 s: a short abandon.
    call('abandoned', '09:20:00', { ended: '09:20:03' }),
    // c4: hung up after 60 s.
    call('abandoned', '09:30:00', { ended: '09:31:00' }),
    // c5: waited 5 s, handled 600 s, two transfers (runaround), referred, withheld number.
    completed('09:40:00', '09:40:05', '09:50:05', 'referred', { transferCount: 2, hasCallerKey: false }),
    // c6: waited exactly 20 s (within: T is inclusive), handled 600 s, wrap-up timed out.
    completed('09:50:00', '09:50:20', '10:00:20', 'not_recorded'),
    // c7: waited 15 s, handled 300 s, resolved, but the caller called again about it.
    completed('10:00:00', '10:00:15', '10:05:15', 'resolved', { repeatContactAt: at('15:00:00') }),
    // c8: still in the IVR when counted: never queued, counts nowhere.
    call('arrived', null),
  ];
  const figures = figuresOf(morning);

  it('counts offered 7, answered 5, abandoned 2, of which 1 short', () => {
    expect([figures.offered, figures.answered, figures.abandoned, figures.shortAbandons]).toEqual([7, 5, 2, 1]);
  });

  it('service level = within T 4 (c1, c5, c6, c7) / (answered 5 + abandoned 2 − short 1) = 4/6', () => {
    expect(figures.serviceLevel).toEqual({ numerator: 4, denominator: 6, value: 4 / 6 });
  });

  it('ASA = (10 + 30 + 5 + 20 + 15) / 5 = 16 s; abandonment = (2 − 1) / (7 − 1) = 1/6', () => {
    expect(figures.asaSec).toEqual({ sum: 80, count: 5, value: 16 });
    expect(figures.abandonmentRate).toEqual({ numerator: 1, denominator: 6, value: 1 / 6 });
  });

  it('AHT = (240 + 330 + 600 + 600 + 300) / 5 = 414 s', () => {
    expect(figures.ahtSec).toEqual({ sum: 2070, count: 5, value: 414 });
  });

  it('transfer rate = 2/5 (c2, c5), runaround rate = 1/5 (c5)', () => {
    expect(figures.transferRate).toEqual({ numerator: 2, denominator: 5, value: 0.4 });
    expect(figures.runaroundRate).toEqual({ numerator: 1, denominator: 5, value: 0.2 });
  });

  it('FCR = resolved 3 (c1, c5, c7) / with an outcome 4 (c6 has none); first line = 2 (c1, c7) / 4', () => {
    expect(figures.fcr).toEqual({ numerator: 3, denominator: 4, value: 0.75 });
    expect(figures.firstLineResolution).toEqual({ numerator: 2, denominator: 4, value: 0.5 });
    expect(figures.notRecorded).toBe(1);
  });

  it("repeat-adjusted FCR = resolved without repeat 1 (c1) / known callers with an outcome 3 (c1, c2, c7); c5's withheld number is left out", () => {
    expect(figures.repeatAdjustedFcr).toEqual({ numerator: 1, denominator: 3, value: 1 / 3, provisional: 0 });
  });
});

describe('edge cases', () => {
  it('no answered calls: service level 0 of 1, no ASA, AHT or FCR at all', () => {
    const figures = figuresOf([call('abandoned', '09:00:00', { ended: '09:02:00' })]);
    expect(figures.serviceLevel).toEqual({ numerator: 0, denominator: 1, value: 0 });
    expect(figures.asaSec).toEqual({ sum: 0, count: 0, value: null });
    expect(figures.ahtSec.value).toBeNull();
    expect(figures.fcr).toEqual({ numerator: 0, denominator: 0, value: null });
    expect(figures.abandonmentRate).toEqual({ numerator: 1, denominator: 1, value: 1 });
  });

  it('all short abandons: service level and abandonment have nothing to count (0/0)', () => {
    const figures = figuresOf([call('abandoned', '09:00:00', { ended: '09:00:04.999' }), call('abandoned', '09:01:00', { ended: '09:01:01' })]);
    expect(figures.shortAbandons).toBe(2);
    expect(figures.serviceLevel).toEqual({ numerator: 0, denominator: 0, value: null });
    expect(figures.abandonmentRate).toEqual({ numerator: 0, denominator: 0, value: null });
  });

  it('a hang-up after exactly 5 s is not short', () => {
    expect(figuresOf([call('abandoned', '09:00:00', { ended: '09:00:05' })]).shortAbandons).toBe(0);
  });

  it('a call spanning midnight: queued 23:59:50, answered 00:00:10 next day, waited 20 s (within T)', () => {
    const spanning: CallFacts = {
      ...completed('23:59:50', '23:59:50', '23:59:50', 'resolved'),
      answeredAt: new Date('2026-11-03T00:00:10Z'),
      endedAt: new Date('2026-11-03T00:04:10Z'),
      completedAt: new Date('2026-11-03T00:05:10Z'),
    };
    const figures = figuresOf([spanning]);
    expect(figures.asaSec).toEqual({ sum: 20, count: 1, value: 20 });
    expect(figures.serviceLevel.numerator).toBe(1);
    expect(figures.ahtSec.sum).toBe(300);
  });

  it('a resolved call whose 7-day window is still open is counted, and said to be provisional', () => {
    const recent = completed('09:00:00', '09:00:10', '09:04:10', 'resolved');
    const sixDaysLater = new Date('2026-11-08T09:00:00Z');
    expect(figuresOf([recent], sixDaysLater).repeatAdjustedFcr).toEqual({ numerator: 1, denominator: 1, value: 1, provisional: 1 });
    const eightDaysLater = new Date('2026-11-10T09:00:00Z');
    expect(figuresOf([recent], eightDaysLater).repeatAdjustedFcr.provisional).toBe(0);
  });

  it('an answered call transferred back into a queue where the caller hangs up is answered, not abandoned', () => {
    const figures = figuresOf([call('abandoned', '09:00:00', { answered: '09:00:10', ended: '09:03:00' }, { transferCount: 1 })]);
    expect([figures.answered, figures.abandoned, figures.transferRate.numerator]).toEqual([1, 0, 1]);
    expect(figures.ahtSec.count).toBe(0);
  });
});

describe('agent and follow-up figures', () => {
  it('occupancy = (on call 1,800 + wrap-up 600) / (logged in 4,200 − break 600 − offline) = 2,400 / 3,600', () => {
    const spans = [
      { state: 'available', seconds: 900 },
      { state: 'reserved', seconds: 300 },
      { state: 'on_call', seconds: 1800 },
      { state: 'wrap_up', seconds: 600 },
      { state: 'break', seconds: 600 },
      { state: 'offline', seconds: 5000 },
    ];
    expect(occupancy(spans)).toEqual({ numerator: 2400, denominator: 3600, value: 2400 / 3600 });
    expect(occupancy([]).value).toBeNull();
  });

  it('follow-up on time = 3 done before due / 4 due; CSAT = 2 scoring 4–5 / 5 answers; response rate = 5 / 20 invited', () => {
    expect(followUpOnTime(3, 4)).toEqual({ numerator: 3, denominator: 4, value: 0.75 });
    expect(citizenFeedback(2, 5, 20)).toEqual({ csat: { numerator: 2, denominator: 5, value: 0.4 }, responseRate: { numerator: 5, denominator: 20, value: 0.25 } });
  });
});
