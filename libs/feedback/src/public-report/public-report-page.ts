import type { EffectFigure, EffectReport } from '@fc/contracts';
import { PUBLIC_MIN_COUNT, type PublicCount } from '@fc/domain';
import { escapeHtml, layout } from '../page/feedback-page.js';
import type { PageLanguage } from '../page/page-texts.js';
import { publicReportPath } from './public-report-paths.js';
import type { PublicTopic } from './public-report.repository.js';
import type { PublicTopicReport } from './public-report.service.js';
import { PUBLIC_REPORT_TEXTS, type PublicEffectFigure, type PublicReportTexts } from './public-report-texts.js';

const topicName = (topic: { nameNb: string; nameEn: string }, lang: PageLanguage): string => (lang === 'en' ? topic.nameEn : topic.nameNb);

/** The index: each active topic, linking to its page. */
export function renderPublicIndex(topics: readonly PublicTopic[], lang: PageLanguage): string {
  const texts = PUBLIC_REPORT_TEXTS[lang].index;
  const list =
    topics.length === 0
      ? `<p>${escapeHtml(texts.empty)}</p>`
      : `<ul class="topics">\n${topics.map((topic) => `<li><a href="${escapeHtml(publicReportPath(topic.key, lang))}">${escapeHtml(topicName(topic, lang))}</a></li>`).join('\n')}\n</ul>`;
  return layout(lang, texts.title, `<h1>${escapeHtml(texts.title)}</h1>\n<p>${escapeHtml(texts.intro)}</p>\n${list}`);
}

/** A page for an unknown topic, too many requests or a failure, with a way back to the index. */
export function renderPublicNotice(notice: 'notFound' | 'tooMany' | 'error', lang: PageLanguage): string {
  const texts = PUBLIC_REPORT_TEXTS[lang];
  const { title, body } = texts[notice];
  return layout(lang, title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(body)}</p>\n<p><a href="/what-came-of-it${lang === 'en' ? '?lang=en' : ''}">${escapeHtml(texts.topic.allTopics)}</a></p>`);
}

/**
 * One topic's page: what callers told us, what we changed, what changed since. Shows counts (small
 * ones as "fewer than 5"), taxonomy names, public summaries and the stored effect's figures only.
 */
export function renderPublicTopic(report: PublicTopicReport, lang: PageLanguage, timeZone: string): string {
  const texts = PUBLIC_REPORT_TEXTS[lang];
  const t = texts.topic;
  const format = formatters(texts, timeZone);
  const name = topicName(report.topic, lang);
  const title = t.title(name);
  const { feedback } = report;

  const causes =
    report.rootCauses.length === 0
      ? `<p>${escapeHtml(t.reviews.none)}</p>`
      : table(
          t.reviews.caption,
          [t.reviews.cause, t.reviews.count],
          report.rootCauses.map((cause) => [topicName(cause, lang), format.count(cause.count)]),
        );
  const scores = table(
    t.feedback.caption,
    [t.feedback.score, t.feedback.count],
    feedback.scores.map((count, index) => [t.feedback.scores[index]!, format.count(count)]),
  );

  const actions = report.actions;
  const changed =
    actions.length === 0
      ? `<p>${escapeHtml(t.changed.none)}</p>`
      : `<ul class="actions">\n${actions
          .map((action) => {
            const status = action.status === 'cancelled' ? '' : t.changed.status[action.status];
            const when = action.status === 'done' && action.effectiveAt ? ` · ${escapeHtml(t.changed.effectiveAt(format.date(action.effectiveAt)))}` : '';
            return `<li><p>${escapeHtml(lang === 'en' ? action.summaryEn : action.summaryNb)}</p><p class="meta">${escapeHtml(status)}${when}</p></li>`;
          })
          .join('\n')}\n</ul>`;

  const done = actions.filter((action) => action.status === 'done' && action.effectiveAt);
  const since =
    done.length === 0
      ? `<p>${escapeHtml(t.since.none)}</p>`
      : done
          .map((action) => {
            const heading = `<h3>${escapeHtml(t.since.action(format.date(action.effectiveAt!)))}</h3>\n<p>${escapeHtml(lang === 'en' ? action.summaryEn : action.summaryNb)}</p>`;
            if (!action.effect) return `${heading}\n<p>${escapeHtml(t.since.notMeasured)}</p>`;
            return `${heading}\n${effectList(action.effect, texts, format)}`;
          })
          .join('\n');

  return layout(
    lang,
    title,
    `<p><a href="/what-came-of-it${lang === 'en' ? '?lang=en' : ''}">${escapeHtml(t.allTopics)}</a></p>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(t.intro)}</p>
<section aria-labelledby="told">
<h2 id="told">${escapeHtml(t.told.heading)}</h2>
<p>${escapeHtml(t.told.period(report.days, format.date(report.from), format.date(report.to)))} ${escapeHtml(t.told.smallCounts)}</p>
<h3>${escapeHtml(t.reviews.heading)}</h3>
<p>${escapeHtml(t.reviews.done)}: <strong>${escapeHtml(format.count(report.reviewsDone))}</strong></p>
${causes}
<h3>${escapeHtml(t.feedback.heading)}</h3>
<p>${escapeHtml(t.feedback.answers)}: <strong>${escapeHtml(format.count(feedback.answers))}</strong>. ${escapeHtml(t.feedback.satisfied)}: <strong>${escapeHtml(
      feedback.satisfied === null ? t.feedback.satisfiedHidden : format.percent(feedback.satisfied),
    )}</strong>.</p>
${scores}
</section>
<section aria-labelledby="changed">
<h2 id="changed">${escapeHtml(t.changed.heading)}</h2>
${changed}
</section>
<section aria-labelledby="since">
<h2 id="since">${escapeHtml(t.since.heading)}</h2>
${since}
</section>`,
  );
}

interface Formatters {
  count: (count: PublicCount) => string;
  percent: (share: number) => string;
  points: (difference: number) => string;
  date: (at: Date | string) => string;
}

function formatters(texts: PublicReportTexts, timeZone: string): Formatters {
  const oneDecimal = new Intl.NumberFormat(texts.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const signed = new Intl.NumberFormat(texts.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const whole = new Intl.NumberFormat(texts.locale);
  const day = new Intl.DateTimeFormat(texts.locale, { dateStyle: 'long', timeZone });
  return {
    count: (count) => (count.kind === 'exact' ? whole.format(count.count) : count.kind === 'fewer' ? texts.fewer(count.than) : whole.format(0)),
    // Norwegian puts a (non-breaking) space before the per cent sign; English does not.
    percent: (share) => `${oneDecimal.format(share * 100)}${texts.locale === 'nb-NO' ? '\u00a0%' : '%'}`,
    points: (difference) => signed.format(difference * 100),
    date: (at) => day.format(new Date(at)),
  };
}

const FIGURES: readonly PublicEffectFigure[] = ['fcr', 'transferRate', 'csat', 'rootCauseShare'];

/** Each figure of the stored measurement in plain words, or "too early to tell". */
function effectList(effect: EffectReport, texts: PublicReportTexts, format: Formatters): string {
  const t = texts.topic.since;
  const items = FIGURES.flatMap((key) => {
    const figure: EffectFigure | null = effect.figures[key];
    if (!figure) return [];
    return [`<li><strong>${escapeHtml(t.figures[key])}</strong>: ${escapeHtml(effectSentence(figure, texts, format))}</li>`];
  });
  return `<p>${escapeHtml(t.measured(format.date(effect.generatedAt), effect.windowDays))}</p>\n<ul class="effect">\n${items.join('\n')}\n</ul>`;
}

function effectSentence(figure: EffectFigure, texts: PublicReportTexts, format: Formatters): string {
  const t = texts.topic.since;
  const { before, after, difference, ci95 } = figure;
  // A verdict needs the measurement's minimum in each window; the page's own small-count rule holds besides.
  const tooFew =
    figure.verdict === 'too_few' || before.value === null || after.value === null || difference === null || !ci95 || before.denominator < PUBLIC_MIN_COUNT || after.denominator < PUBLIC_MIN_COUNT;
  if (tooFew) return `${t.verdicts.too_few}.`;
  return `${t.change(format.percent(before.value!), format.percent(after.value!))}, ${t.points(format.points(difference), format.points(ci95.low), format.points(ci95.high))}. ${t.verdicts[figure.verdict]}.`;
}

function table(caption: string, headings: readonly [string, string], rows: readonly (readonly [string, string])[]): string {
  const body = rows.map(([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join('\n');
  return `<table>
<caption>${escapeHtml(caption)}</caption>
<thead><tr><th scope="col">${escapeHtml(headings[0])}</th><th scope="col">${escapeHtml(headings[1])}</th></tr></thead>
<tbody>
${body}
</tbody>
</table>`;
}
