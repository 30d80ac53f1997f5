import { FEEDBACK_COMMENT_MAX_LENGTH } from '@fc/contracts';
import type { PublicTopic } from '../public-report/public-report.repository.js';
import { publicReportPath } from '../public-report/public-report-paths.js';
import { PUBLIC_REPORT_TEXTS } from '../public-report/public-report-texts.js';
import { PAGE_TEXTS, type NoticeKey, type PageLanguage } from './page-texts.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and double- or single-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}

/** The whole page around `content`: language, title, the sender and a link to the other language. The conversation page (decision 0041) wears it too. */
export function layout(lang: PageLanguage, title: string, content: string): string {
  const texts = PAGE_TEXTS[lang];
  const other = texts.otherLanguage;
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)} – ${escapeHtml(texts.sender)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/feedback/assets/feedback.css">
</head>
<body>
<header class="site">
<p>${escapeHtml(texts.sender)}</p>
<a href="?lang=${other.lang}" lang="${other.lang}" hreflang="${other.lang}">${escapeHtml(other.label)}</a>
</header>
<main>
${content}
</main>
</body>
</html>
`;
}

/**
 * The form for an open link: five labelled scores in a fieldset, an optional comment, a button and
 * a live region for the answer. Without script the form posts to the page itself and gets a page
 * back; with script it goes to the JSON API. Nothing about the call or the caller is shown.
 * `token` must be well-formed (base64url), which also makes it safe in a URL.
 */
export function renderFeedbackForm(token: string, lang: PageLanguage): string {
  const texts = PAGE_TEXTS[lang].form;
  const messages: Record<string, string> = {
    thanks: texts.thanks,
    sending: texts.sending,
    'choose-score': texts.chooseScore,
    failed: texts.failed,
    offline: texts.offline,
    '400': texts.chooseScore,
    '404': noticeSentence('unknown', lang),
    '409': noticeSentence('used', lang),
    '410': noticeSentence('expired', lang),
    '429': noticeSentence('tooMany', lang),
    // After the answer the script links to the page of the topic the receipt names; nothing about the call is on the form.
    report: PUBLIC_REPORT_TEXTS[lang].feedbackLink('{topic}'),
  };
  const dataMessages = Object.entries(messages)
    .map(([name, text]) => ` data-msg-${name}="${escapeHtml(text)}"`)
    .join('');
  const choices = texts.scores
    .map((label, index) => `<div class="choice"><input type="radio" id="score-${index + 1}" name="score" value="${index + 1}"><label for="score-${index + 1}">${escapeHtml(label)}</label></div>`)
    .join('\n');
  return layout(
    lang,
    texts.title,
    `<h1>${escapeHtml(texts.title)}</h1>
<p>${escapeHtml(texts.intro)}</p>
<form id="feedback-form" method="post" action="/feedback/${token}?lang=${lang}" novalidate data-api="/api/feedback/${token}" data-lang="${lang}"${dataMessages}>
<fieldset>
<legend>${escapeHtml(texts.legend)}</legend>
${choices}
</fieldset>
<div class="field">
<label for="comment">${escapeHtml(texts.commentLabel)}</label>
<p class="hint" id="comment-hint">${escapeHtml(texts.commentHint)}</p>
<textarea id="comment" name="comment" rows="5" maxlength="${FEEDBACK_COMMENT_MAX_LENGTH}" aria-describedby="comment-hint"></textarea>
</div>
<button type="submit">${escapeHtml(texts.submit)}</button>
</form>
<p id="feedback-status" class="status" role="status" aria-live="polite" aria-atomic="true"></p>
<p id="feedback-report" hidden></p>
<script src="/feedback/assets/feedback.js" defer></script>`,
  );
}

/**
 * A page with no form: why the link cannot be used (or that the answer arrived), in the chosen
 * language. `backToForm` adds a link to the form, for an answer sent without script that lacked
 * something; `topic` a link to the public page of the call's topic, after the answer.
 */
export function renderFeedbackNotice(notice: NoticeKey, lang: PageLanguage, backToForm?: string, topic?: PublicTopic | null): string {
  const { title, body } = PAGE_TEXTS[lang].notices[notice];
  const back = backToForm ? `\n<p><a href="${escapeHtml(backToForm)}">${escapeHtml(PAGE_TEXTS[lang].backToForm)}</a></p>` : '';
  const report = topic
    ? `\n<p><a href="${escapeHtml(publicReportPath(topic.key, lang))}">${escapeHtml(PUBLIC_REPORT_TEXTS[lang].feedbackLink(lang === 'en' ? topic.nameEn : topic.nameNb))}</a></p>`
    : '';
  return layout(lang, title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(body)}</p>${back}${report}`);
}

function noticeSentence(notice: NoticeKey, lang: PageLanguage): string {
  const { title, body } = PAGE_TEXTS[lang].notices[notice];
  return `${title}. ${body}`;
}
