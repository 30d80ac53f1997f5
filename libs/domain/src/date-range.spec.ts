import { describe, expect, it } from '@jest/globals';
import { DateRangeError, checkDateRange } from './date-range.js';

const at = (iso: string) => new Date(iso);

describe('checkDateRange', () => {
  it('refuses an empty or reversed range', () => {
    expect(() => checkDateRange(at('2026-01-02T00:00:00Z'), at('2026-01-02T00:00:00Z'))).toThrow(new DateRangeError('to must be after from'));
    expect(() => checkDateRange(at('2026-01-02T00:00:00Z'), at('2026-01-01T00:00:00Z'))).toThrow('to must be after from');
    expect(() => checkDateRange(at('2026-01-01T00:00:00Z'), at('2026-01-01T00:00:00.001Z'))).not.toThrow();
  });

  it('allows a range of exactly the most days, not a millisecond more', () => {
    expect(() => checkDateRange(at('2026-01-01T00:00:00Z'), at('2027-02-05T00:00:00Z'), { days: 400 })).not.toThrow();
    expect(() => checkDateRange(at('2026-01-01T00:00:00Z'), at('2027-02-05T00:00:00.001Z'), { days: 400 })).toThrow('the range may be at most 400 days');
  });

  it('counts years on the calendar, leap days included', () => {
    expect(() => checkDateRange(at('2024-01-01T00:00:00Z'), at('2026-01-01T00:00:00Z'), { years: 2 })).not.toThrow();
    expect(() => checkDateRange(at('2024-01-01T00:00:00Z'), at('2026-01-01T00:00:00.001Z'), { years: 2 })).toThrow('the range may be at most 2 years');
  });
});
