import type { EffectVerdict, ImprovementActionStatus } from '@fc/contracts';
import type { PageLanguage } from '../page/page-texts.js';

/** The figures of a measured effect the page explains, in the order it shows them. */
export type PublicEffectFigure = 'fcr' | 'transferRate' | 'csat' | 'rootCauseShare';

export interface PublicReportTexts {
  locale: string;
  index: { title: string; intro: string; empty: string };
  topic: {
    /** The heading, with the topic's name. */
    title: (topic: string) => string;
    intro: string;
    allTopics: string;
    told: { heading: string; period: (days: number, from: string, to: string) => string; smallCounts: string };
    reviews: { heading: string; done: string; none: string; cause: string; count: string; caption: string };
    feedback: {
      heading: string;
      answers: string;
      satisfied: string;
      satisfiedHidden: string;
      caption: string;
      score: string;
      count: string;
      scores: readonly [string, string, string, string, string];
    };
    changed: { heading: string; none: string; status: { readonly [S in Exclude<ImprovementActionStatus, 'cancelled'>]: string }; effectiveAt: (date: string) => string };
    since: {
      heading: string;
      none: string;
      /** The heading of one done action's effect, with when it took effect. */
      action: (date: string) => string;
      notMeasured: string;
      /** When the stored measurement was made, and over how many days each side. */
      measured: (date: string, days: number) => string;
      /** "from 80.8 % before to 90.9 % after". */
      change: (before: string, after: string) => string;
      figures: { readonly [F in PublicEffectFigure]: string };
      verdicts: { readonly [V in EffectVerdict]: string };
      /** "+3.1 percentage points (95 % interval +0.4 to +5.8)". */
      points: (difference: string, low: string, high: string) => string;
    };
  };
  fewer: (than: number) => string;
  notFound: { title: string; body: string };
  tooMany: { title: string; body: string };
  error: { title: string; body: string };
  /** The feedback page's link after an answer, with the topic's name. */
  feedbackLink: (topic: string) => string;
}

/** Every string of the public page in both languages; the type makes a missing translation a compile error. */
export const PUBLIC_REPORT_TEXTS: { readonly [L in PageLanguage]: PublicReportTexts } = {
  nb: {
    locale: 'nb-NO',
    index: {
      title: 'Hva kom ut av det?',
      intro: 'Her forteller vi hva de som ringte 02800 sa til oss om hvert tema, hva vi har endret, og hva som har endret seg siden.',
      empty: 'Ingen temaer å vise.',
    },
    topic: {
      title: (topic) => `Hva kom ut av det: ${topic}`,
      intro: 'Hva de som ringte oss sa, hva vi har endret, og hva som har endret seg siden. Vi viser bare tall og tekster skrevet for publikum, aldri noe om den enkelte som ringte.',
      allTopics: 'Alle temaer',
      told: {
        heading: 'Hva de som ringte fortalte oss',
        period: (days, from, to) => `De siste ${days} dagene (${from}–${to}).`,
        smallCounts: 'Tall fra 1 til 4 vises som «færre enn 5», slik at ingen kan kjennes igjen.',
      },
      reviews: {
        heading: 'Hva vi fant da vi gikk gjennom samtaler',
        done: 'Samtaler gjennomgått',
        none: 'Ingen årsaker registrert i perioden.',
        cause: 'Årsak',
        count: 'Antall samtaler',
        caption: 'Årsaker funnet i gjennomgåtte samtaler, de vanligste først',
      },
      feedback: {
        heading: 'Hva de som ringte svarte oss',
        answers: 'Svar mottatt',
        satisfied: 'Andel fornøyde (4 eller 5)',
        satisfiedHidden: 'vises ikke ved færre enn 5 svar',
        caption: 'Svar etter karakter',
        score: 'Karakter',
        count: 'Antall svar',
        scores: ['1 – Svært misfornøyd', '2 – Misfornøyd', '3 – Verken fornøyd eller misfornøyd', '4 – Fornøyd', '5 – Svært fornøyd'],
      },
      changed: {
        heading: 'Hva vi har endret',
        none: 'Vi har ikke publisert noen endringer for dette temaet ennå.',
        status: { planned: 'Planlagt', in_progress: 'Pågår', done: 'Gjennomført' },
        effectiveAt: (date) => `I kraft fra ${date}`,
      },
      since: {
        heading: 'Hva som har endret seg siden',
        none: 'Ingen gjennomførte endringer å måle ennå.',
        action: (date) => `Endringen fra ${date}`,
        notMeasured: 'Ikke målt ennå.',
        measured: (date, days) => `Målt ${date}, over ${days} dager før og ${days} dager etter endringen.`,
        change: (before, after) => `fra ${before} før til ${after} etter`,
        figures: {
          fcr: 'Løst i første samtale',
          transferRate: 'Samtaler satt over',
          csat: 'Fornøyde innringere',
          rootCauseShare: 'Gjennomgåtte samtaler med årsaken endringen gjaldt',
        },
        verdicts: { improved: 'Bedre', worsened: 'Dårligere', no_change: 'Ingen sikker endring', too_few: 'For tidlig å si' },
        points: (difference, low, high) => `${difference} prosentpoeng (95 % intervall ${low} til ${high})`,
      },
    },
    fewer: (than) => `færre enn ${than}`,
    notFound: { title: 'Vi finner ikke dette temaet', body: 'Se listen over temaer.' },
    tooMany: { title: 'For mange forsøk', body: 'Vent et minutt og prøv igjen.' },
    error: { title: 'Noe gikk galt', body: 'Prøv igjen om litt.' },
    feedbackLink: (topic) => `Se hva som kom ut av det de som ringte fortalte oss om ${topic}`,
  },
  en: {
    locale: 'en-GB',
    index: {
      title: 'What came of it?',
      intro: 'What callers to 02800 told us about each topic, what we changed, and what has changed since.',
      empty: 'No topics to show.',
    },
    topic: {
      title: (topic) => `What came of it: ${topic}`,
      intro: 'What callers told us, what we changed, and what has changed since. We show only figures and texts written for the public, never anything about a single caller.',
      allTopics: 'All topics',
      told: {
        heading: 'What callers told us',
        period: (days, from, to) => `The last ${days} days (${from} – ${to}).`,
        smallCounts: 'Counts from 1 to 4 read "fewer than 5", so that no one can be recognised.',
      },
      reviews: {
        heading: 'What we found when we reviewed calls',
        done: 'Calls reviewed',
        none: 'No causes recorded in the period.',
        cause: 'Cause',
        count: 'Calls',
        caption: 'Causes found in reviewed calls, most frequent first',
      },
      feedback: {
        heading: 'What callers answered',
        answers: 'Answers received',
        satisfied: 'Share satisfied (4 or 5)',
        satisfiedHidden: 'not shown for fewer than 5 answers',
        caption: 'Answers by score',
        score: 'Score',
        count: 'Answers',
        scores: ['1 – Very dissatisfied', '2 – Dissatisfied', '3 – Neither satisfied nor dissatisfied', '4 – Satisfied', '5 – Very satisfied'],
      },
      changed: {
        heading: 'What we changed',
        none: 'We have not published any changes for this topic yet.',
        status: { planned: 'Planned', in_progress: 'In progress', done: 'Done' },
        effectiveAt: (date) => `In effect from ${date}`,
      },
      since: {
        heading: 'What has changed since',
        none: 'No completed changes to measure yet.',
        action: (date) => `The change from ${date}`,
        notMeasured: 'Not measured yet.',
        measured: (date, days) => `Measured on ${date}, over ${days} days before and ${days} days after the change.`,
        change: (before, after) => `from ${before} before to ${after} after`,
        figures: {
          fcr: 'Resolved in the first call',
          transferRate: 'Calls transferred',
          csat: 'Satisfied callers',
          rootCauseShare: 'Reviewed calls with the cause the change addressed',
        },
        verdicts: { improved: 'Better', worsened: 'Worse', no_change: 'No certain change', too_few: 'Too early to tell' },
        points: (difference, low, high) => `${difference} percentage points (95 % interval ${low} to ${high})`,
      },
    },
    fewer: (than) => `fewer than ${than}`,
    notFound: { title: 'We cannot find this topic', body: 'See the list of topics.' },
    tooMany: { title: 'Too many attempts', body: 'Please wait a minute and try again.' },
    error: { title: 'Something went wrong', body: 'Please try again shortly.' },
    feedbackLink: (topic) => `See what came of what callers told us about ${topic}`,
  },
};
