import { describe, expect, it } from '@jest/globals';
import type { EffectFigure, EffectReport } from '@fc/contracts';
import { publicCount } from '@fc/domain';
import { renderPublicIndex, renderPublicNotice, renderPublicTopic } from './public-report-page.js';
import type { PublicTopicReport } from './public-report.service.js';

const figure = (before: [number, number], after: [number, number], difference: number | null, ci95: { low: number; high: number } | null, verdict: EffectFigure['verdict']): EffectFigure => ({
  before: { numerator: before[0], denominator: before[1], value: before[1] ? before[0] / before[1] : null },
  after: { numerator: after[0], denominator: after[1], value: after[1] ? after[0] / after[1] : null },
  better: 'higher',
  difference,
  ci95,
  verdict,
});

const effect = {
  windowDays: 28,
  generatedAt: '2026-12-01T10:00:00.000Z',
  figures: {
    fcr: figure([600, 800], [720, 800], 0.15, { low: 0.1123, high: 0.1871 }, 'improved'),
    transferRate: figure([80, 800], [88, 800], 0.01, { low: -0.0194, high: 0.0395 }, 'no_change'),
    csat: figure([3, 4], [2, 2], null, null, 'too_few'),
    rootCauseShare: null,
  },
} as unknown as EffectReport;

const report: PublicTopicReport = {
  topic: { key: 'passport', nameNb: 'Pass og ID-kort', nameEn: 'Passport & <ID> card' },
  days: 90,
  from: new Date('2026-09-02T10:00:00Z'),
  to: new Date('2026-12-01T10:00:00Z'),
  reviewsDone: publicCount(12),
  rootCauses: [
    { key: 'wrong_ivr_choice', nameNb: 'Feil valg i talemenyen', nameEn: 'Wrong IVR choice', count: publicCount(9) },
    { key: 'tone', nameNb: 'Tone og væremåte', nameEn: 'Tone', count: publicCount(3) },
  ],
  feedback: { answers: publicCount(4), satisfied: null, scores: [publicCount(0), publicCount(0), publicCount(1), publicCount(1), publicCount(2)] },
  actions: [
    { status: 'in_progress', summaryNb: 'Vi skriver om talemenyen', summaryEn: 'We rewrite the menu', effectiveAt: null, effect: null },
    { status: 'done', summaryNb: 'Ny veiledning', summaryEn: 'New guidance', effectiveAt: new Date('2026-11-01T10:00:00Z'), effect },
    { status: 'done', summaryNb: 'Kortere ventetid', summaryEn: 'Shorter waits', effectiveAt: new Date('2026-11-30T10:00:00Z'), effect: null },
  ],
};

const text = (html: string) =>
  html
    .replace(/<\/?(strong|a)\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/[\s\u00a0]+/g, ' ');

describe('the public page of a topic', () => {
  it('says the measured effect in plain words, in English', () => {
    const page = text(renderPublicTopic(report, 'en', 'Europe/Oslo'));
    expect(page).toContain('Resolved in the first call: from 75.0% before to 90.0% after, +15.0 percentage points (95 % interval +11.2 to +18.7). Better.');
    expect(page).toContain('Calls transferred: from 10.0% before to 11.0% after, +1.0 percentage points (95 % interval -1.9 to +4.0). No certain change.');
    expect(page).toContain('Satisfied callers: Too early to tell.');
    expect(page).not.toContain('Reviewed calls with the cause');
    expect(page).toContain('Measured on 1 December 2026, over 28 days before and 28 days after the change.');
    expect(page).toContain('The change from 30 November 2026 Shorter waits Not measured yet.');
  });

  it('says it in Norwegian, with a decimal comma and a spaced per cent sign', () => {
    const page = text(renderPublicTopic(report, 'nb', 'Europe/Oslo'));
    expect(page).toContain('Løst i første samtale: fra 75,0 % før til 90,0 % etter, +15,0 prosentpoeng (95 % intervall +11,2 til +18,7). Bedre.');
    expect(page).toContain('Samtaler satt over: fra 10,0 % før til 11,0 % etter, +1,0 prosentpoeng (95 % intervall −1,9 til +4,0). Ingen sikker endring.');
    expect(page).toContain('Ikke målt ennå.');
  });

  it('shows small counts as fewer than 5 and no share under five answers', () => {
    const page = text(renderPublicTopic(report, 'en', 'Europe/Oslo'));
    expect(page).toContain('Calls reviewed: 12');
    expect(page).toContain('Wrong IVR choice 9 Tone fewer than 5');
    expect(page).toContain('Answers received: fewer than 5. Share satisfied (4 or 5): not shown for fewer than 5 answers.');
    expect(page).toContain('1 – Very dissatisfied 0 2 – Dissatisfied 0 3 – Neither satisfied nor dissatisfied fewer than 5');
  });

  it('lists the actions under way first, with status, and escapes every text', () => {
    const html = renderPublicTopic(report, 'en', 'Europe/Oslo');
    expect(text(html)).toContain('We rewrite the menu In progress New guidance Done · In effect from 1 November 2026');
    expect(html).toContain('What came of it: Passport &amp; &lt;ID&gt; card');
    expect(html).not.toContain('<ID>');
    expect(html).not.toContain('<script');
  });
});

describe('the index and the notices', () => {
  it('links each topic in the page language', () => {
    expect(renderPublicIndex([report.topic], 'nb')).toContain('<a href="/what-came-of-it/passport">Pass og ID-kort</a>');
    expect(renderPublicIndex([report.topic], 'en')).toContain('<a href="/what-came-of-it/passport?lang=en">Passport &amp; &lt;ID&gt; card</a>');
    expect(renderPublicIndex([], 'en')).toContain('No topics to show.');
  });

  it('answers an unknown topic with a way back to the list', () => {
    const page = renderPublicNotice('notFound', 'nb');
    expect(page).toContain('<h1>Vi finner ikke dette temaet</h1>');
    expect(page).toContain('<a href="/what-came-of-it">Alle temaer</a>');
  });
});
