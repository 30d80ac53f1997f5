import { LEADER_MESSAGE_MAX_LENGTH, LeaderInvitationAnswer } from '@fc/contracts';
import { OFFICE_SLOTS } from '@fc/domain';
import { escapeHtml, layout } from '../page/feedback-page.js';
import type { PageLanguage } from '../page/page-texts.js';
import { CONVERSATION_TEXTS, type ConversationNoticeKey } from './conversation-texts.js';

/** The first and last dates the date field offers (YYYY-MM-DD in the office's time zone). */
export interface DateBounds {
  min: string;
  max: string;
}

/**
 * The invitation's form: three labelled answers in a fieldset, the suggested time (a date and a
 * half-hour slot in office hours) in a second one, an optional message and a button. It posts to
 * the page itself and gets a page back: no script at all, so the page's policy needs none. Nothing
 * about the call or the caller is shown. `token` must be well-formed (base64url), safe in a URL.
 */
export function renderConversationForm(token: string, lang: PageLanguage, dates: DateBounds): string {
  const texts = CONVERSATION_TEXTS[lang].form;
  const choice = (value: LeaderInvitationAnswer, label: string) =>
    `<div class="choice"><input type="radio" id="answer-${value}" name="answer" value="${value}"><label for="answer-${value}">${escapeHtml(label)}</label></div>`;
  const slots = OFFICE_SLOTS.map((slot) => `<option value="${slot}">${lang === 'nb' ? slot.replace(':', '.') : slot}</option>`).join('');
  return layout(
    lang,
    texts.title,
    `<h1>${escapeHtml(texts.title)}</h1>
<p>${escapeHtml(texts.intro)}</p>
<form id="conversation-form" method="post" action="/conversation/${token}?lang=${lang}">
<fieldset>
<legend>${escapeHtml(texts.legend)}</legend>
${choice(LeaderInvitationAnswer.Accepted, texts.accept)}
${choice(LeaderInvitationAnswer.TimeSuggested, texts.suggest)}
${choice(LeaderInvitationAnswer.Declined, texts.decline)}
</fieldset>
<fieldset>
<legend>${escapeHtml(texts.timeLegend)}</legend>
<div class="field">
<label for="date">${escapeHtml(texts.dateLabel)}</label>
<p class="hint" id="date-hint">${escapeHtml(texts.dateHint)}</p>
<input type="date" id="date" name="date" min="${dates.min}" max="${dates.max}" aria-describedby="date-hint">
</div>
<div class="field">
<label for="time">${escapeHtml(texts.timeLabel)}</label>
<select id="time" name="time"><option value="">${escapeHtml(texts.chooseTime)}</option>${slots}</select>
</div>
</fieldset>
<div class="field">
<label for="message">${escapeHtml(texts.messageLabel)}</label>
<p class="hint" id="message-hint">${escapeHtml(texts.messageHint)}</p>
<textarea id="message" name="message" rows="4" maxlength="${LEADER_MESSAGE_MAX_LENGTH}" aria-describedby="message-hint"></textarea>
</div>
<button type="submit">${escapeHtml(texts.submit)}</button>
</form>`,
  );
}

/** A page with no form: why the link cannot be answered, what was wrong with the answer, or that it was taken. */
export function renderConversationNotice(notice: ConversationNoticeKey, lang: PageLanguage, backToForm?: string): string {
  const { title, body } = CONVERSATION_TEXTS[lang].notices[notice];
  const back = backToForm ? `\n<p><a href="${escapeHtml(backToForm)}">${escapeHtml(CONVERSATION_TEXTS[lang].backToForm)}</a></p>` : '';
  return layout(lang, title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(body)}</p>${back}`);
}
