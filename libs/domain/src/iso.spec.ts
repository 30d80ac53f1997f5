import { describe, expect, it } from '@jest/globals';
import { iso } from './iso.js';

describe('iso', () => {
  it("writes a time as UTC ISO-8601 from a Date or a driver's string, and keeps a missing one missing", () => {
    expect(iso(new Date(Date.UTC(2026, 11, 3, 14, 5, 6, 7)))).toBe('2026-12-03T14:05:06.007Z');
    expect(iso('2026-12-03 15:05:06.007+01')).toBe('2026-12-03T14:05:06.007Z');
    expect(iso(null)).toBeNull();
    expect(iso(undefined)).toBeNull();
  });
});
