import { describe, expect, it } from '@jest/globals';
import { FollowUpKind, FollowUpStatus } from '@fc/contracts';
import { OFFICE_SLOTS, leaderInvitationStatus, localDate, planLeaderAnswer, suggestedTimeOf, zonedTimeToInstant } from './leader-conversation.js';

const OSLO = 'Europe/Oslo';
// Wednesday 2 December 2026, 10:00 in Oslo (UTC+1).
const NOW = new Date('2026-12-02T09:00:00.000Z');

describe('office slots', () => {
  it('start on the half hour from 08:00 to 15:30', () => {
    expect(OFFICE_SLOTS).toHaveLength(16);
    expect([OFFICE_SLOTS[0], OFFICE_SLOTS[1], OFFICE_SLOTS.at(-1)]).toEqual(['08:00', '08:30', '15:30']);
  });
});

describe('a time in Oslo as an instant', () => {
  it.each([
    { case: 'winter (UTC+1)', parts: [2026, 12, 7, 10, 0], instant: '2026-12-07T09:00:00.000Z' },
    { case: 'summer (UTC+2)', parts: [2027, 6, 7, 10, 0], instant: '2027-06-07T08:00:00.000Z' },
    { case: 'the Monday after DST starts', parts: [2027, 3, 29, 8, 30], instant: '2027-03-29T06:30:00.000Z' },
    { case: 'the Monday after DST ends', parts: [2026, 10, 26, 8, 30], instant: '2026-10-26T07:30:00.000Z' },
  ])('$case', ({ parts, instant }) => {
    const [y, m, d, h, min] = parts as [number, number, number, number, number];
    expect(zonedTimeToInstant(y, m, d, h, min, OSLO).toISOString()).toBe(instant);
  });

  it('gives the local date', () => {
    expect(localDate(new Date('2026-12-02T23:30:00.000Z'), OSLO)).toBe('2026-12-03');
  });
});

describe('a suggested time', () => {
  it.each([
    { case: 'a Monday morning', date: '2026-12-07', slot: '10:00', result: { at: new Date('2026-12-07T09:00:00.000Z') } },
    { case: 'the last slot', date: '2026-12-07', slot: '15:30', result: { at: new Date('2026-12-07T14:30:00.000Z') } },
    { case: 'today, two hours on', date: '2026-12-02', slot: '12:00', result: { at: new Date('2026-12-02T11:00:00.000Z') } },
    { case: 'today, half an hour on', date: '2026-12-02', slot: '10:30', result: { problem: 'too_soon' } },
    { case: 'yesterday', date: '2026-12-01', slot: '10:00', result: { problem: 'too_soon' } },
    { case: 'a Saturday', date: '2026-12-05', slot: '10:00', result: { problem: 'not_office_hours' } },
    { case: 'a Sunday', date: '2026-12-06', slot: '10:00', result: { problem: 'not_office_hours' } },
    { case: 'a slot after hours', date: '2026-12-07', slot: '16:00', result: { problem: 'malformed' } },
    { case: 'not on the half hour', date: '2026-12-07', slot: '10:15', result: { problem: 'malformed' } },
    { case: 'day 60 (Friday 29 January)', date: '2027-01-29', slot: '10:00', result: { at: new Date('2027-01-29T09:00:00.000Z') } },
    { case: 'day 61', date: '2027-02-01', slot: '08:00', result: { problem: 'too_late' } },
    { case: '30 February', date: '2027-02-30', slot: '10:00', result: { problem: 'malformed' } },
    { case: 'not a date', date: '7.12.2026', slot: '10:00', result: { problem: 'malformed' } },
    { case: 'no date', date: '', slot: '10:00', result: { problem: 'malformed' } },
  ])('$case', ({ date, slot, result }) => {
    expect(suggestedTimeOf(date, slot, OSLO, NOW)).toEqual(result);
  });
});

describe('an invitation status', () => {
  const expiresAt = new Date('2026-12-16T09:00:00.000Z');
  it.each([
    { case: 'open', answer: null, now: NOW, status: 'sent' },
    { case: 'past its expiry, unanswered', answer: null, now: expiresAt, status: 'expired' },
    { case: 'answered, even after its expiry', answer: 'declined' as const, now: new Date('2027-01-01T00:00:00.000Z'), status: 'declined' },
  ])('$case: $status', ({ answer, now, status }) => {
    expect(leaderInvitationStatus({ answer, expiresAt }, now)).toBe(status);
  });
});

describe("the complainant's answer and the follow-up", () => {
  const open = { status: FollowUpStatus.Open, kind: FollowUpKind.LeaderConversation, result: null };
  const at = new Date('2026-12-07T09:00:00.000Z');

  it('accepted: in progress, with a result line', () => {
    expect(planLeaderAnswer(open, 'accepted', null)).toEqual({ status: 'in_progress', result: 'Citizen accepted the conversation: call them', dueAt: null, becomesDone: false });
  });

  it('a time suggested: in progress, due then, the line added under what the leader wrote', () => {
    expect(planLeaderAnswer({ ...open, status: FollowUpStatus.InProgress, result: 'Tried to call on Monday' }, 'time_suggested', at)).toEqual({
      status: 'in_progress',
      result: 'Tried to call on Monday\nCitizen suggested a time: 2026-12-07T09:00:00.000Z',
      dueAt: at,
      becomesDone: false,
    });
  });

  it('declined: done', () => {
    expect(planLeaderAnswer(open, 'declined', null)).toEqual({ status: 'done', result: 'Citizen declined the conversation', dueAt: null, becomesDone: true });
  });

  it.each([FollowUpStatus.Done, FollowUpStatus.Cancelled])('a follow-up already %s is left alone', (status) => {
    expect(planLeaderAnswer({ ...open, status, result: 'Held the conversation' }, 'accepted', null)).toBeNull();
  });
});
