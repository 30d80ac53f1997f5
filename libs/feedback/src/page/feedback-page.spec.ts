import { describe, expect, it } from '@jest/globals';
import { escapeHtml, renderFeedbackForm, renderFeedbackNotice } from './feedback-page.js';
import { PAGE_TEXTS, pageLanguage } from './page-texts.js';

const TOKEN = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde';
const count = (html: string, pattern: RegExp) => html.match(pattern)?.length ?? 0;

describe('escaping for HTML', () => {
  it('escapes the five characters that matter in content and attributes', () => {
    expect(escapeHtml(`<script>alert("x") & 'y'</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;');
  });

  it('leaves other text, Norwegian letters included, as it is', () => {
    expect(escapeHtml('Svært fornøyd – 5')).toBe('Svært fornøyd – 5');
  });
});

describe('the page language', () => {
  it.each([
    { query: 'en', lang: 'en' },
    { query: 'nb', lang: 'nb' },
    { query: undefined, lang: 'nb' },
    { query: 'de', lang: 'nb' },
    { query: ['en', 'en'], lang: 'nb' },
  ])('?lang=$query is $lang', ({ query, lang }) => {
    expect(pageLanguage(query)).toBe(lang);
  });
});

describe('the feedback form', () => {
  const nb = renderFeedbackForm(TOKEN, 'nb');
  const en = renderFeedbackForm(TOKEN, 'en');

  it('is in Norwegian by default and in English when asked', () => {
    expect(nb).toContain('<html lang="nb">');
    expect(nb).toContain('<h1>Hvordan opplevde du samtalen med politiet?</h1>');
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('<h1>How was your call with the police?</h1>');
  });

  it('has one heading, five labelled scores in a fieldset with a legend, a labelled comment and a button', () => {
    expect(count(nb, /<h1>/g)).toBe(1);
    expect(nb).toContain('<legend>Hvor fornøyd er du med hjelpen du fikk?</legend>');
    expect(count(nb, /<input type="radio"/g)).toBe(5);
    for (const [score, label] of [
      [1, '1 – Svært misfornøyd'],
      [2, '2 – Misfornøyd'],
      [3, '3 – Verken fornøyd eller misfornøyd'],
      [4, '4 – Fornøyd'],
      [5, '5 – Svært fornøyd'],
    ] as const) {
      expect(nb).toContain(`<input type="radio" id="score-${score}" name="score" value="${score}"><label for="score-${score}">${label}</label>`);
    }
    expect(nb).toContain('<label for="comment">Kommentar (valgfritt)</label>');
    expect(nb).toContain('<textarea id="comment" name="comment" rows="5" maxlength="1000" aria-describedby="comment-hint"></textarea>');
    expect(nb).toContain('<button type="submit">Send tilbakemelding</button>');
  });

  it('has a live region for the answer and loads its script from a file, never inline', () => {
    expect(nb).toContain('<p id="feedback-status" class="status" role="status" aria-live="polite" aria-atomic="true"></p>');
    expect(nb.match(/<script[^>]*>/g)).toEqual(['<script src="/feedback/assets/feedback.js" defer>']);
    expect(nb).not.toMatch(/<style|style=|onclick|onsubmit/);
  });

  it('posts to the API with script and to the page without', () => {
    expect(nb).toContain(`data-api="/api/feedback/${TOKEN}"`);
    expect(nb).toContain(`method="post" action="/feedback/${TOKEN}?lang=nb"`);
    expect(en).toContain(`action="/feedback/${TOKEN}?lang=en"`);
  });

  it("carries the script's messages in the page's language", () => {
    expect(nb).toContain('data-msg-thanks="Takk for tilbakemeldingen! Svaret ditt er registrert."');
    expect(nb).toContain('data-msg-409="Du har allerede svart. Takk! Hver lenke kan bare brukes én gang, og vi har fått svaret ditt."');
    expect(en).toContain('data-msg-thanks="Thank you for your feedback! Your answer has been recorded."');
    expect(en).toContain('data-msg-410="This link has expired. Feedback links are valid only for a short time after the call. Thank you for wanting to answer."');
  });

  it('links to the other language, marked as that language', () => {
    expect(nb).toContain('<a href="?lang=en" lang="en" hreflang="en">English</a>');
    expect(en).toContain('<a href="?lang=nb" lang="nb" hreflang="nb">Norsk</a>');
  });
});

describe('pages without a form', () => {
  it.each([
    { notice: 'used', lang: 'nb', title: 'Du har allerede svart' },
    { notice: 'used', lang: 'en', title: 'You have already answered' },
    { notice: 'expired', lang: 'nb', title: 'Lenken har utløpt' },
    { notice: 'malformed', lang: 'en', title: 'This link is not valid' },
    { notice: 'unknown', lang: 'nb', title: 'Vi finner ikke denne lenken' },
    { notice: 'tooMany', lang: 'nb', title: 'For mange forsøk' },
  ] as const)('$notice in $lang: "$title", and no form', ({ notice, lang, title }) => {
    const html = renderFeedbackNotice(notice, lang);
    expect(html).toContain(`<html lang="${lang}">`);
    expect(html).toContain(`<h1>${title}</h1>`);
    expect(html).toContain(`<title>${title} – `);
    expect(html).not.toContain('<form');
    expect(html).not.toContain('<script');
  });

  it('can link back to the form', () => {
    expect(renderFeedbackNotice('invalid', 'nb', `/feedback/${TOKEN}?lang=nb`)).toContain(`<p><a href="/feedback/${TOKEN}?lang=nb">Tilbake til skjemaet</a></p>`);
  });
});

describe('the texts', () => {
  it('have every string in both languages, none empty and none the same in both but names', () => {
    const flatten = (value: unknown, path = ''): [string, string][] =>
      typeof value === 'string' ? [[path, value]] : Object.entries(value as object).flatMap(([key, inner]) => flatten(inner, `${path}.${key}`));
    const nb = new Map(flatten(PAGE_TEXTS.nb));
    const en = new Map(flatten(PAGE_TEXTS.en));
    expect([...nb.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [key, text] of nb) {
      expect(text.trim()).not.toBe('');
      if (key !== '.otherLanguage.lang' && key !== '.otherLanguage.label') expect(`${key}: ${en.get(key)}`).not.toBe(`${key}: ${text}`);
    }
  });
});
