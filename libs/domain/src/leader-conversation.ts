import { FollowUpStatus, LeaderInvitationAnswer, type LeaderInvitationStatus } from '@fc/contracts';
import { isFollowUpOpen, planFollowUpChange, type FollowUpState } from './follow-up-policy.js';

/** How far ahead a complainant may suggest a time for their conversation with a police leader. */
export const SUGGESTION_HORIZON_DAYS = 60;
/** The soonest a suggested time may be: a leader needs a little notice. */
export const SUGGESTION_NOTICE_MIN = 60;
/**
 * Office hours for a leader's call, in the office's time zone: weekdays, conversations starting on
 * the half hour from 08:00 to 15:30 so that they end by 16:00. Public holidays are the leader's to
 * move: the page cannot know every local one, and the leader calls to agree the time anyway.
 */
export const OFFICE_SLOTS: readonly string[] = Array.from({ length: 16 }, (_, index) => `${String(8 + Math.floor(index / 2)).padStart(2, '0')}:${index % 2 ? '30' : '00'}`);

const DAY_MS = 24 * 3600 * 1000;

/** Where an invitation stands at `now`: its answer, or open until it expires. */
export function leaderInvitationStatus(invitation: { answer: LeaderInvitationAnswer | null; expiresAt: Date }, now: Date): LeaderInvitationStatus {
  if (invitation.answer) return invitation.answer;
  return invitation.expiresAt.getTime() <= now.getTime() ? 'expired' : 'sent';
}

/** Why a suggested time cannot be taken. */
export type SuggestedTimeProblem = 'malformed' | 'not_office_hours' | 'too_soon' | 'too_late';

/**
 * The instant a complainant means by a date and a slot on the page, read in the office's time zone
 * `zone`, or why it cannot be taken: a weekday, one of {@link OFFICE_SLOTS}, at least
 * {@link SUGGESTION_NOTICE_MIN} minutes from `now` and within {@link SUGGESTION_HORIZON_DAYS} days.
 */
export function suggestedTimeOf(date: string, slot: string, zone: string, now: Date): { at: Date } | { problem: SuggestedTimeProblem } {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!day || !OFFICE_SLOTS.includes(slot)) return { problem: 'malformed' };
  const [year, month, dayOfMonth] = [Number(day[1]), Number(day[2]), Number(day[3])];
  const noon = new Date(Date.UTC(year, month - 1, dayOfMonth, 12));
  if (noon.getUTCFullYear() !== year || noon.getUTCMonth() !== month - 1 || noon.getUTCDate() !== dayOfMonth) return { problem: 'malformed' };
  const weekday = noon.getUTCDay();
  if (weekday === 0 || weekday === 6) return { problem: 'not_office_hours' };
  const [hours, minutes] = slot.split(':').map(Number) as [number, number];
  const at = zonedTimeToInstant(year, month, dayOfMonth, hours, minutes, zone);
  if (at.getTime() < now.getTime() + SUGGESTION_NOTICE_MIN * 60_000) return { problem: 'too_soon' };
  if (at.getTime() > now.getTime() + SUGGESTION_HORIZON_DAYS * DAY_MS) return { problem: 'too_late' };
  return { at };
}

/** The instant at which the wall clock in `zone` shows the given date and time (office slots never fall in a DST gap). */
export function zonedTimeToInstant(year: number, month: number, day: number, hours: number, minutes: number, zone: string): Date {
  const asUtc = Date.UTC(year, month - 1, day, hours, minutes);
  // The zone's offset at the guess, then again at the corrected instant (a DST change between them).
  const first = asUtc - offsetMs(new Date(asUtc), zone);
  return new Date(asUtc - offsetMs(new Date(first), zone));
}

function offsetMs(at: Date, zone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** What a complainant's answer makes of the leader conversation follow-up. */
export interface LeaderAnswerPlan {
  status: FollowUpStatus;
  result: string | null;
  /** The follow-up's new due time: the suggested time, when one was given. */
  dueAt: Date | null;
  becomesDone: boolean;
}

/** The line each answer adds to the follow-up's result, for the leader reading it. */
export function leaderAnswerLine(answer: LeaderInvitationAnswer, suggestedTime: Date | null): string {
  switch (answer) {
    case LeaderInvitationAnswer.Accepted:
      return 'Citizen accepted the conversation: call them';
    case LeaderInvitationAnswer.TimeSuggested:
      return `Citizen suggested a time: ${suggestedTime!.toISOString()}`;
    case LeaderInvitationAnswer.Declined:
      return 'Citizen declined the conversation';
    default: {
      const unknown: never = answer;
      throw new Error(`unknown answer ${String(unknown)}`);
    }
  }
}

/**
 * The follow-up after the complainant's answer: accepted or a time suggested, it is in progress
 * (due at the suggested time); declined, it is done. A follow-up the leader already finished is
 * left alone (null): the answer is kept on the invitation all the same.
 */
export function planLeaderAnswer(followUp: FollowUpState, answer: LeaderInvitationAnswer, suggestedTime: Date | null): LeaderAnswerPlan | null {
  if (!isFollowUpOpen(followUp.status)) return null;
  const line = leaderAnswerLine(answer, suggestedTime);
  const result = followUp.result ? `${followUp.result}\n${line}` : line;
  const status = answer === LeaderInvitationAnswer.Declined ? FollowUpStatus.Done : FollowUpStatus.InProgress;
  const plan = planFollowUpChange(followUp, { status, result });
  return { status: plan.status, result: plan.result, becomesDone: plan.becomesDone, dueAt: answer === LeaderInvitationAnswer.TimeSuggested ? suggestedTime : null };
}

/** The date the wall calendar in `zone` shows at `at`, as YYYY-MM-DD. */
export function localDate(at: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
