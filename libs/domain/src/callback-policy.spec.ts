import { describe, expect, it } from '@jest/globals';
import { DialResult } from '@fc/contracts';
import { CallAction } from './call-journey.js';
import { planDialResult } from './callback-policy.js';

const terms = { maxAttempts: 3, retryMin: 10 };
const now = new Date('2026-12-04T10:00:00Z');

describe('planDialResult', () => {
  it('connects an answered callback whatever the try', () => {
    expect(planDialResult(DialResult.Answered, 3, terms, now)).toEqual({ action: CallAction.AnswerDial });
  });

  it.each([DialResult.NoAnswer, DialResult.Busy, DialResult.Failed])('tries again %s ten minutes later while tries are left', (result) => {
    expect(planDialResult(result, 1, terms, now)).toEqual({ action: CallAction.FailDial, retryAt: new Date('2026-12-04T10:10:00Z') });
    expect(planDialResult(result, 2, terms, now)).toEqual({ action: CallAction.FailDial, retryAt: new Date('2026-12-04T10:10:00Z') });
  });

  it('gives up after the last try allowed', () => {
    expect(planDialResult(DialResult.NoAnswer, 3, terms, now)).toEqual({ action: CallAction.GiveUpDial });
    expect(planDialResult(DialResult.Busy, 1, { maxAttempts: 1, retryMin: 10 }, now)).toEqual({ action: CallAction.GiveUpDial });
  });
});
