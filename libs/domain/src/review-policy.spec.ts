import { describe, expect, it } from '@jest/globals';
import type { ReviewStatus } from '@fc/contracts';
import { IllegalReviewStatusChangeError, ReviewChangeError, ReviewFinalError } from './review-errors.js';
import { changeReviewStatus, planReviewChange, type ReviewFindings } from './review-policy.js';

const now = new Date('2026-11-02T09:30:00.000Z');
const context = { actorUserId: 'lead', now, activeRootCauses: ['wrong_ivr_choice', 'tone', 'system_problem'] };
const review = (extra: Partial<ReviewFindings> = {}): ReviewFindings => ({
  status: 'open',
  reviewerUserId: null,
  rootCauses: [],
  agentFeedback: null,
  learning: null,
  learningShared: false,
  ...extra,
});

describe('review status', () => {
  it.each([
    { from: 'open', to: 'in_progress' },
    { from: 'in_progress', to: 'done' },
    { from: 'open', to: 'open' },
    { from: 'in_progress', to: 'in_progress' },
    { from: 'done', to: 'done' },
  ] as { from: ReviewStatus; to: ReviewStatus }[])('moves from $from to $to', ({ from, to }) => {
    expect(changeReviewStatus(from, to)).toBe(to);
  });

  it.each([
    { from: 'open', to: 'done' },
    { from: 'in_progress', to: 'open' },
    { from: 'done', to: 'in_progress' },
    { from: 'done', to: 'open' },
  ] as { from: ReviewStatus; to: ReviewStatus }[])('refuses $from → $to as a conflict', ({ from, to }) => {
    expect(() => changeReviewStatus(from, to)).toThrow(IllegalReviewStatusChangeError);
  });

  it('says that done is final', () => {
    expect(() => changeReviewStatus('done', 'in_progress')).toThrow('A review that is done cannot become in progress: a done review is final');
  });
});

describe('planning a change to a review', () => {
  it('taking an open review makes me its reviewer and starts it', () => {
    expect(planReviewChange(review(), { take: true }, context)).toEqual({ patch: { reviewerUserId: 'lead', status: 'in_progress' }, assigned: true, completed: false });
  });

  it('starting a review nobody has taken makes me its reviewer; starting one already taken keeps its reviewer', () => {
    expect(planReviewChange(review(), { status: 'in_progress' }, context).patch).toEqual({ status: 'in_progress', reviewerUserId: 'lead' });
    expect(planReviewChange(review({ reviewerUserId: 'other' }), { status: 'in_progress' }, context)).toEqual({ patch: { status: 'in_progress' }, assigned: false, completed: false });
  });

  it('completing needs a root cause, and stamps the time and the reviewer who completed it', () => {
    expect(() => planReviewChange(review({ status: 'in_progress', reviewerUserId: 'other' }), { status: 'done' }, context)).toThrow(
      new ReviewChangeError('A review is done with at least one root cause: give rootCauses'),
    );
    expect(planReviewChange(review({ status: 'in_progress', reviewerUserId: 'other' }), { status: 'done', rootCauses: ['tone'] }, context)).toEqual({
      patch: { status: 'done', rootCauses: ['tone'], reviewedAt: now, reviewerUserId: 'lead' },
      assigned: false,
      completed: true,
    });
    expect(planReviewChange(review({ status: 'in_progress', rootCauses: ['tone'] }), { status: 'done' }, context).completed).toBe(true);
  });

  it('take with done completes an open review in one step; an open review cannot be done without being taken', () => {
    expect(planReviewChange(review(), { take: true, status: 'done', rootCauses: ['tone'] }, context).patch).toEqual({
      reviewerUserId: 'lead',
      status: 'done',
      rootCauses: ['tone'],
      reviewedAt: now,
    });
    expect(() => planReviewChange(review(), { status: 'done', rootCauses: ['tone'] }, context)).toThrow(IllegalReviewStatusChangeError);
  });

  it('takes only active root causes, each once, and names the one refused', () => {
    expect(() => planReviewChange(review(), { rootCauses: ['tone', 'rude_weather'] }, context)).toThrow(new ReviewChangeError('rootCauses: "rude_weather" is not an active root cause'));
    expect(() => planReviewChange(review(), { rootCauses: ['tone', 'tone'] }, context)).toThrow(new ReviewChangeError('rootCauses lists "tone" twice'));
    expect(planReviewChange(review(), { rootCauses: [] }, context).patch).toEqual({ rootCauses: [] });
  });

  it('trims texts, clears them with null or blanks, and refuses a shared learning without text', () => {
    expect(planReviewChange(review(), { agentFeedback: '  Ask fewer questions.  ', learning: '   ' }, context).patch).toEqual({ agentFeedback: 'Ask fewer questions.', learning: null });
    expect(() => planReviewChange(review(), { learningShared: true }, context)).toThrow(ReviewChangeError);
    expect(planReviewChange(review(), { learningShared: true, learning: 'Say what happens next.' }, context).patch).toEqual({ learningShared: true, learning: 'Say what happens next.' });
    expect(() => planReviewChange(review({ learning: 'x', learningShared: true }), { learning: null }, context)).toThrow(
      new ReviewChangeError('A shared learning needs a learning text: give learning, or learningShared false'),
    );
    expect(() => planReviewChange(review(), { learning: 'x'.repeat(2001) }, context)).toThrow(new ReviewChangeError('learning must be at most 2000 characters'));
  });

  it('a done review keeps its findings but may still share its learning', () => {
    const done = review({ status: 'done', reviewerUserId: 'lead', rootCauses: ['tone'], learning: 'Close with what happens next.' });
    expect(() => planReviewChange(done, { status: 'in_progress' }, context)).toThrow(IllegalReviewStatusChangeError);
    expect(() => planReviewChange(done, { rootCauses: ['system_problem'] }, context)).toThrow(ReviewFinalError);
    expect(() => planReviewChange(done, { agentFeedback: 'Later thoughts' }, context)).toThrow(ReviewFinalError);
    expect(() => planReviewChange(done, { take: true }, context)).toThrow(ReviewFinalError);
    expect(planReviewChange(done, { learningShared: true }, context)).toEqual({ patch: { learningShared: true }, assigned: false, completed: false });
    expect(planReviewChange(done, { status: 'done' }, context)).toEqual({ patch: {}, assigned: false, completed: false });
  });

  it('an empty change is refused', () => {
    expect(() => planReviewChange(review(), {}, context)).toThrow(ReviewChangeError);
    expect(() => planReviewChange(review(), { status: undefined }, context)).toThrow('Nothing to change: give status, rootCauses, agentFeedback, learning, learningShared or take');
  });
});
