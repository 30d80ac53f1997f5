import { LEADER_INVITATION_ANSWERS, LEADER_MESSAGE_MAX_LENGTH, LeaderInvitationAnswer } from '@fc/contracts';
import { suggestedTimeOf } from '@fc/domain';
import type { ConversationAnswer } from './conversation.service.js';

const FIELDS = new Set(['answer', 'date', 'time', 'message']);

/** Why a form cannot be taken, as the page says it. */
export type ConversationFormProblem = 'invalidChoice' | 'invalidTime' | 'invalidMessage';

/**
 * The complainant's answer from the page's form (url-encoded strings), or what is wrong with it:
 * one of the three answers; for a suggested time, a weekday and a slot in office hours within the
 * next 60 days, read in the office's time zone `zone`; a message of at most 500 characters. The date
 * and time are ignored unless a time is suggested (a browser sends the fields whatever was chosen).
 * An unknown or repeated field refuses the whole form.
 */
export function parseConversationForm(form: unknown, now: Date, zone: string): { answer: ConversationAnswer } | { problem: ConversationFormProblem } {
  if (!form || typeof form !== 'object') return { problem: 'invalidChoice' };
  const fields = form as Record<string, unknown>;
  if (Object.keys(fields).some((key) => !FIELDS.has(key)) || Object.values(fields).some((value) => typeof value !== 'string')) return { problem: 'invalidChoice' };
  const { answer, date, time, message } = fields as Record<string, string | undefined>;
  if (!answer || !(LEADER_INVITATION_ANSWERS as readonly string[]).includes(answer)) return { problem: 'invalidChoice' };
  // Browsers send a textarea's line breaks as CRLF; counted as one each.
  const text = (message ?? '').replace(/\r\n/g, '\n');
  if (text.length > LEADER_MESSAGE_MAX_LENGTH) return { problem: 'invalidMessage' };
  let suggestedTime: Date | null = null;
  if (answer === LeaderInvitationAnswer.TimeSuggested) {
    const suggested = suggestedTimeOf(date ?? '', time ?? '', zone, now);
    if ('problem' in suggested) return { problem: 'invalidTime' };
    suggestedTime = suggested.at;
  }
  return { answer: { answer: answer as LeaderInvitationAnswer, suggestedTime, message: text.trim() ? text : null } };
}
