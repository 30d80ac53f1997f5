import { describe, expect, it } from '@jest/globals';
import { FollowUpCause, FollowUpKind, FollowUpStatus, Outcome } from '@fc/contracts';
import {
  FollowUpDoneByOutcomeError,
  IllegalFollowUpStatusChangeError,
  causeOfOutcome,
  changeFollowUpStatus,
  followUpDueAt,
  followUpKindsFor,
  followUpOwnedByHandlingAgent,
  followUpTiming,
  isSampledForReview,
} from './follow-up-policy.js';

describe('follow-up policy (DESIGN §6)', () => {
  it('maps each cause to its follow-ups, by whether the caller can be reached', () => {
    expect(followUpKindsFor(FollowUpCause.LongAbandon, { hasNumber: true })).toEqual(['callback']);
    expect(followUpKindsFor(FollowUpCause.LongAbandon, { hasNumber: false })).toEqual([]);
    expect(followUpKindsFor(FollowUpCause.OutcomeFollowUp, { hasNumber: true })).toEqual(['case_handover']);
    expect(followUpKindsFor(FollowUpCause.OutcomeUnresolved, { hasNumber: true })).toEqual(['callback', 'quality_review']);
    expect(followUpKindsFor(FollowUpCause.OutcomeUnresolved, { hasNumber: false })).toEqual(['case_handover', 'quality_review']);
    expect(followUpKindsFor(FollowUpCause.Complaint, { hasNumber: false })).toEqual(['quality_review', 'leader_conversation']);
    expect(followUpKindsFor(FollowUpCause.OutcomeNotRecorded, { hasNumber: true })).toEqual(['record_outcome']);
    expect(followUpKindsFor(FollowUpCause.OutcomeNotRecorded, { hasNumber: false })).toEqual(['record_outcome']);
    for (const cause of [FollowUpCause.Runaround, FollowUpCause.LowFeedback, FollowUpCause.RepeatContact, FollowUpCause.RandomSample]) {
      expect(followUpKindsFor(cause, { hasNumber: true })).toEqual(['quality_review']);
    }
  });

  it('raises a cause only for the outcomes that went wrong', () => {
    expect(causeOfOutcome(Outcome.FollowUp)).toBe('outcome_follow_up');
    expect(causeOfOutcome(Outcome.Unresolved)).toBe('outcome_unresolved');
    expect(causeOfOutcome(Outcome.Complaint)).toBe('complaint');
    expect(causeOfOutcome(Outcome.Resolved)).toBeNull();
    expect(causeOfOutcome(Outcome.SelfService)).toBeNull();
    expect(causeOfOutcome(Outcome.Referred)).toBeNull();
  });

  it('draws a sample by the call id: stable for a call, about the rate over many', () => {
    // 0.2 × 2^32 = 858,993,459.2: 0x33333333 (858,993,459) is just under and drawn at 20 %, 0x33333334 is not.
    expect(isSampledForReview('33333333-0000-4000-8000-000000000000', 0.2)).toBe(true);
    expect(isSampledForReview('33333334-0000-4000-8000-000000000000', 0.2)).toBe(false);
    expect(isSampledForReview('00000000-0000-4000-8000-000000000000', 0)).toBe(false);
    expect(isSampledForReview('ffffffff-0000-4000-8000-000000000000', 1)).toBe(true);
    let drawn = 0;
    for (let i = 0; i < 10_000; i++) drawn += isSampledForReview(`${(i * 429_497).toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`, 0.05) ? 1 : 0;
    // Ids spread evenly over 0…2^32 (step 429,497 ≈ 2^32/10,000): 5 % of 10,000 is 500.
    expect(drawn).toBe(500);
  });

  it('gives each kind its time from the moment of the cause', () => {
    const at = new Date('2026-11-23T10:00:00Z');
    const terms = { callbackTargetMin: 240, caseHandoverDueHours: 72, qualityReviewDueDays: 7, leaderConversationDueDays: 5, recordOutcomeDueMin: 120 };
    expect(followUpDueAt(FollowUpKind.Callback, at, terms).toISOString()).toBe('2026-11-23T14:00:00.000Z');
    expect(followUpDueAt(FollowUpKind.CaseHandover, at, terms).toISOString()).toBe('2026-11-26T10:00:00.000Z');
    expect(followUpDueAt(FollowUpKind.QualityReview, at, terms).toISOString()).toBe('2026-11-30T10:00:00.000Z');
    expect(followUpDueAt(FollowUpKind.LeaderConversation, at, terms).toISOString()).toBe('2026-11-28T10:00:00.000Z');
    expect(followUpDueAt(FollowUpKind.RecordOutcome, at, terms).toISOString()).toBe('2026-11-23T12:00:00.000Z');
  });

  it('gives the handling agent the callbacks and handovers they promised, not the ones after an abandon', () => {
    expect(followUpOwnedByHandlingAgent(FollowUpKind.Callback, FollowUpCause.OutcomeUnresolved)).toBe(true);
    expect(followUpOwnedByHandlingAgent(FollowUpKind.CaseHandover, FollowUpCause.OutcomeFollowUp)).toBe(true);
    expect(followUpOwnedByHandlingAgent(FollowUpKind.Callback, FollowUpCause.LongAbandon)).toBe(false);
    expect(followUpOwnedByHandlingAgent(FollowUpKind.QualityReview, FollowUpCause.Complaint)).toBe(false);
    expect(followUpOwnedByHandlingAgent(FollowUpKind.LeaderConversation, FollowUpCause.Complaint)).toBe(false);
    expect(followUpOwnedByHandlingAgent(FollowUpKind.RecordOutcome, FollowUpCause.OutcomeNotRecorded)).toBe(true);
  });

  it('moves a follow-up forward and never out of done or cancelled', () => {
    expect(changeFollowUpStatus(FollowUpStatus.Open, FollowUpStatus.InProgress)).toBe('in_progress');
    expect(changeFollowUpStatus(FollowUpStatus.InProgress, FollowUpStatus.Done)).toBe('done');
    expect(changeFollowUpStatus(FollowUpStatus.InProgress, FollowUpStatus.Open)).toBe('open');
    expect(changeFollowUpStatus(FollowUpStatus.Done, FollowUpStatus.Done)).toBe('done');
    expect(() => changeFollowUpStatus(FollowUpStatus.Done, FollowUpStatus.Open)).toThrow(IllegalFollowUpStatusChangeError);
    expect(() => changeFollowUpStatus(FollowUpStatus.Cancelled, FollowUpStatus.InProgress)).toThrow('A follow-up that is cancelled cannot become in progress');
  });

  it('leaves a record_outcome to-do to the outcome: it can be taken up or cancelled, not ticked off', () => {
    expect(changeFollowUpStatus(FollowUpStatus.Open, FollowUpStatus.InProgress, FollowUpKind.RecordOutcome)).toBe('in_progress');
    expect(changeFollowUpStatus(FollowUpStatus.Open, FollowUpStatus.Cancelled, FollowUpKind.RecordOutcome)).toBe('cancelled');
    expect(() => changeFollowUpStatus(FollowUpStatus.Open, FollowUpStatus.Done, FollowUpKind.RecordOutcome)).toThrow(FollowUpDoneByOutcomeError);
  });

  it('tells overdue from due soon from on track', () => {
    const now = new Date('2026-11-23T10:00:00Z');
    expect(followUpTiming(new Date('2026-11-23T10:00:00Z'), now, 60)).toBe('overdue');
    expect(followUpTiming(new Date('2026-11-23T11:00:00Z'), now, 60)).toBe('due_soon');
    expect(followUpTiming(new Date('2026-11-23T11:00:00.001Z'), now, 60)).toBe('on_track');
  });
});
