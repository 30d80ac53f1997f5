import { describe, expect, it } from '@jest/globals';
import type { ImprovementActionStatus } from '@fc/contracts';
import { NothingToChangeError } from './domain-error.js';
import {
  IllegalImprovementActionStatusChangeError,
  effectNeedsMeasuring,
  ImprovementActionChangeError,
  ImprovementActionEffectiveInFutureError,
  ImprovementActionFinishedError,
  ImprovementActionNeedsCancelReasonError,
  ImprovementActionNeedsPublicSummaryError,
  ImprovementActionNeedsResultError,
  ImprovementActionNeedsTargetError,
  changeImprovementActionStatus,
  checkNewImprovementAction,
  improvementActionTiming,
  planImprovementActionChange,
  type ImprovementActionState,
} from './improvement-action-policy.js';

const now = new Date('2026-12-05T10:00:00.000Z');
const action = (extra: Partial<ImprovementActionState> = {}): ImprovementActionState => ({
  status: 'planned',
  result: null,
  cancelReason: null,
  effectiveAt: null,
  topicKeys: ['passport'],
  rootCauseKeys: [],
  public: false,
  publicSummaryNb: null,
  publicSummaryEn: null,
  ...extra,
});

describe('improvement action status', () => {
  it.each([
    { from: 'planned', to: 'in_progress' },
    { from: 'planned', to: 'cancelled' },
    { from: 'in_progress', to: 'done' },
    { from: 'in_progress', to: 'cancelled' },
    { from: 'planned', to: 'planned' },
    { from: 'done', to: 'done' },
  ] as { from: ImprovementActionStatus; to: ImprovementActionStatus }[])('moves from $from to $to', ({ from, to }) => {
    expect(changeImprovementActionStatus(from, to)).toBe(to);
  });

  it.each([
    { from: 'planned', to: 'done' },
    { from: 'in_progress', to: 'planned' },
    { from: 'done', to: 'in_progress' },
    { from: 'done', to: 'cancelled' },
    { from: 'cancelled', to: 'planned' },
  ] as { from: ImprovementActionStatus; to: ImprovementActionStatus }[])('refuses $from → $to (409)', ({ from, to }) => {
    const refusal = (() => {
      try {
        changeImprovementActionStatus(from, to);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(IllegalImprovementActionStatusChangeError);
    expect(refusal).toMatchObject({ kind: 'conflict', from, to });
  });
});

describe('a new improvement action', () => {
  it('names its review when opened from a review or a learning, and its filter when opened from an insight', () => {
    expect(() => checkNewImprovementAction({ origin: 'review', topicKeys: ['passport'] })).toThrow(ImprovementActionChangeError);
    expect(() => checkNewImprovementAction({ origin: 'learning', topicKeys: ['passport'] })).toThrow('originReviewId');
    expect(() => checkNewImprovementAction({ origin: 'insight', topicKeys: ['passport'] })).toThrow('originInsight');
    expect(() => checkNewImprovementAction({ origin: 'insight', originInsight: { from: 'a', to: 'b' }, originReviewId: 'r1', topicKeys: ['passport'] })).toThrow('no originReviewId');
    expect(() => checkNewImprovementAction({ origin: 'review', originReviewId: 'r1', rootCauseKeys: ['tone'] })).not.toThrow();
  });

  it('names at least one topic or root cause, each once', () => {
    expect(() => checkNewImprovementAction({ origin: 'review', originReviewId: 'r1' })).toThrow(ImprovementActionNeedsTargetError);
    expect(() => checkNewImprovementAction({ origin: 'review', originReviewId: 'r1', topicKeys: [], rootCauseKeys: [] })).toThrow(ImprovementActionNeedsTargetError);
    expect(() => checkNewImprovementAction({ origin: 'review', originReviewId: 'r1', topicKeys: ['passport', 'passport'] })).toThrow('topicKeys lists "passport" twice');
  });

  it('is public only with both citizens’ summaries, blank ones counting as none', () => {
    const base = { origin: 'review' as const, originReviewId: 'r1', topicKeys: ['passport'], public: true };
    expect(() => checkNewImprovementAction({ ...base, publicSummaryNb: 'Vi endret', publicSummaryEn: '  ' })).toThrow(ImprovementActionNeedsPublicSummaryError);
    expect(() => checkNewImprovementAction({ ...base, publicSummaryNb: 'Vi endret', publicSummaryEn: 'We changed' })).not.toThrow();
  });
});

describe('a change to an improvement action', () => {
  it('asks for something', () => {
    expect(() => planImprovementActionChange(action(), {}, now)).toThrow(NothingToChangeError);
  });

  it('is done with a result, and takes effect when marked done unless told when', () => {
    expect(() => planImprovementActionChange(action({ status: 'in_progress' }), { status: 'done' }, now)).toThrow(ImprovementActionNeedsResultError);
    expect(planImprovementActionChange(action({ status: 'in_progress' }), { status: 'done', result: ' Trained all agents ' }, now)).toEqual({
      status: 'done',
      result: 'Trained all agents',
      effectiveAt: now,
    });
    const effectiveAt = new Date('2026-12-01T08:00:00.000Z');
    expect(planImprovementActionChange(action({ status: 'in_progress' }), { status: 'done', result: 'Trained', effectiveAt }, now)).toMatchObject({ effectiveAt });
  });

  it('refuses a time of effect in the future', () => {
    const refusal = () => planImprovementActionChange(action({ status: 'in_progress' }), { status: 'done', result: 'Trained', effectiveAt: new Date(now.getTime() + 60_000) }, now);
    expect(refusal).toThrow(ImprovementActionEffectiveInFutureError);
  });

  it('is cancelled with a reason', () => {
    expect(() => planImprovementActionChange(action(), { status: 'cancelled' }, now)).toThrow(ImprovementActionNeedsCancelReasonError);
    expect(planImprovementActionChange(action(), { status: 'cancelled', cancelReason: 'Covered by the national training' }, now)).toEqual({
      status: 'cancelled',
      cancelReason: 'Covered by the national training',
    });
  });

  it('leaves a done or cancelled action as it is (409)', () => {
    expect(() => planImprovementActionChange(action({ status: 'done', result: 'x', effectiveAt: now }), { title: 'Another' }, now)).toThrow(ImprovementActionFinishedError);
    expect(() => planImprovementActionChange(action({ status: 'cancelled', cancelReason: 'x' }), { status: 'in_progress' }, now)).toThrow(IllegalImprovementActionStatusChangeError);
  });

  it('keeps a topic or a root cause', () => {
    expect(() => planImprovementActionChange(action(), { topicKeys: [] }, now)).toThrow(ImprovementActionNeedsTargetError);
    expect(planImprovementActionChange(action(), { topicKeys: [], rootCauseKeys: ['tone'] }, now)).toEqual({ topicKeys: [], rootCauseKeys: ['tone'] });
  });

  it('goes public only with both summaries, given now or before', () => {
    expect(() => planImprovementActionChange(action(), { public: true, publicSummaryNb: 'Vi endret' }, now)).toThrow(ImprovementActionNeedsPublicSummaryError);
    expect(planImprovementActionChange(action({ publicSummaryNb: 'Vi endret', publicSummaryEn: 'We changed' }), { public: true }, now)).toEqual({ public: true });
    expect(() => planImprovementActionChange(action({ public: true, publicSummaryNb: 'Vi endret', publicSummaryEn: 'We changed' }), { publicSummaryEn: '' }, now)).toThrow(
      ImprovementActionNeedsPublicSummaryError,
    );
  });

  it('refuses an empty title', () => {
    expect(() => planImprovementActionChange(action(), { title: '   ' }, now)).toThrow('title cannot be empty');
  });
});

describe('improvement action timing', () => {
  it('is due soon within the reminder hours and overdue from its due time', () => {
    expect(improvementActionTiming(new Date(now.getTime() + 49 * 3_600_000), now, 48)).toBe('on_track');
    expect(improvementActionTiming(new Date(now.getTime() + 48 * 3_600_000), now, 48)).toBe('due_soon');
    expect(improvementActionTiming(now, now, 48)).toBe('overdue');
  });
});

describe('effectNeedsMeasuring', () => {
  const DAY = 86_400_000;
  const effectiveAt = new Date('2026-10-01T00:00:00Z');
  // Window 28 days + repeat window 7 + a day: the figures settle on 6 November.
  const terms = { windowDays: 28, repeatWindowDays: 7, refreshMs: 3_600_000 };
  const at = (days: number) => new Date(effectiveAt.getTime() + days * DAY);

  it('measures an action never measured', () => {
    expect(effectNeedsMeasuring(effectiveAt, null, at(0), terms)).toBe(true);
  });

  it('measures again, at most every refresh, while the figures can still move', () => {
    expect(effectNeedsMeasuring(effectiveAt, at(10), new Date(at(10).getTime() + 3_599_999), terms)).toBe(false);
    expect(effectNeedsMeasuring(effectiveAt, at(10), new Date(at(10).getTime() + 3_600_000), terms)).toBe(true);
    expect(effectNeedsMeasuring(effectiveAt, new Date(at(36).getTime() - 1), at(50), terms)).toBe(true);
  });

  it('keeps for good a measurement taken once the figures settled', () => {
    expect(effectNeedsMeasuring(effectiveAt, at(36), at(400), terms)).toBe(false);
  });
});
