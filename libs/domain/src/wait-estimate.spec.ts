import { describe, expect, it } from '@jest/globals';
import { estimateWaitSec } from './wait-estimate.js';

describe('estimateWaitSec', () => {
  it('promises no wait to callers an idle agent can take now', () => {
    expect(estimateWaitSec({ position: 1, idle: 1, busy: 3, meanHandleSec: 300 })).toBe(0);
    expect(estimateWaitSec({ position: 2, idle: 2, busy: 0, meanHandleSec: 300 })).toBe(0);
  });

  it('waits for one call to end per place behind the idle agents, shared by the busy agents', () => {
    expect(estimateWaitSec({ position: 1, idle: 0, busy: 3, meanHandleSec: 300 })).toBe(100);
    expect(estimateWaitSec({ position: 4, idle: 1, busy: 3, meanHandleSec: 300 })).toBe(300);
    expect(estimateWaitSec({ position: 7, idle: 0, busy: 2, meanHandleSec: 250 })).toBe(875);
  });

  it('gives no number when nobody qualified is logged in to end a call', () => {
    expect(estimateWaitSec({ position: 1, idle: 0, busy: 0, meanHandleSec: 300 })).toBeNull();
  });
});
