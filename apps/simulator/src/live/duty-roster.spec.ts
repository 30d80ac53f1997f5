import { describe, expect, it } from '@jest/globals';
import { DutyRoster } from './duty-roster.js';

const h = (hh: number, mm = 0) => hh * 3600 + mm * 60;
const lag1 = { start: '07:00', end: '15:00', breaks: [{ at: '11:00', minutes: 30 }] };

describe('an agent’s duty by the simulated clock', () => {
  it('is offline before the shift, available on it, and offline after it', () => {
    const roster = new DutyRoster(lag1, h(6));
    expect(roster.dutyWhenFree(h(6, 59))).toEqual({ kind: 'offline' });
    expect(roster.dutyWhenFree(h(7))).toEqual({ kind: 'available' });
    expect(roster.dutyWhenFree(h(10, 59))).toEqual({ kind: 'available' });
    expect(roster.dutyWhenFree(h(15))).toEqual({ kind: 'offline' });
  });

  it('takes a break when it falls due, for its minutes from when it starts, once', () => {
    const roster = new DutyRoster(lag1, h(7));
    expect(roster.dutyWhenFree(h(11))).toEqual({ kind: 'break', untilSec: h(11, 30) });
    expect(roster.dutyWhenFree(h(11, 29))).toEqual({ kind: 'break', untilSec: h(11, 30) });
    expect(roster.dutyWhenFree(h(11, 30))).toEqual({ kind: 'available' });
    expect(roster.dutyWhenFree(h(12))).toEqual({ kind: 'available' });
  });

  it('starts a break that fell due during a call when the call is done, for the whole break', () => {
    const roster = new DutyRoster(lag1, h(7));
    // Busy from 10:55 to 11:12: first asked again at 11:12.
    expect(roster.dutyWhenFree(h(10, 55))).toEqual({ kind: 'available' });
    expect(roster.dutyWhenFree(h(11, 12))).toEqual({ kind: 'break', untilSec: h(11, 42) });
  });

  it('joins a break already running when the run starts, and skips one already over', () => {
    expect(new DutyRoster(lag1, h(11, 10)).dutyWhenFree(h(11, 10))).toEqual({ kind: 'break', untilSec: h(11, 30) });
    expect(new DutyRoster(lag1, h(11, 30)).dutyWhenFree(h(11, 30))).toEqual({ kind: 'available' });
    expect(new DutyRoster(lag1, h(11)).dutyWhenFree(h(11))).toEqual({ kind: 'break', untilSec: h(11, 30) });
  });

  it('logs off at the end of the shift even on a break, and plays the next day again', () => {
    const late = { start: '11:00', end: '19:00', breaks: [{ at: '18:50', minutes: 30 }] };
    const roster = new DutyRoster(late, h(11));
    expect(roster.dutyWhenFree(h(18, 50))).toEqual({ kind: 'break', untilSec: h(19, 20) });
    expect(roster.dutyWhenFree(h(19))).toEqual({ kind: 'offline' });
    expect(roster.dutyWhenFree(86_400 + h(11))).toEqual({ kind: 'available' });
    expect(roster.dutyWhenFree(86_400 + h(18, 55))).toEqual({ kind: 'break', untilSec: 86_400 + h(19, 25) });
  });
});
