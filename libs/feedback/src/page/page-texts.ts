import type { ClosedFeedbackLinkState } from '../feedback-link-state.js';

/** The page's languages: Norwegian (bokmål) unless the citizen asks for English. */
export type PageLanguage = 'nb' | 'en';

/** `?lang=en` chooses English; anything else (absent, repeated, unknown) keeps Norwegian. */
export function pageLanguage(query: unknown): PageLanguage {
  return query === 'en' ? 'en' : 'nb';
}

/** A page without the form: a closed link, a refusal, or the answer to a form sent without script. */
export type NoticeKey = ClosedFeedbackLinkState | 'tooMany' | 'invalid' | 'received' | 'error';

export interface PageTexts {
  /** Who the page is from, shown above the heading and in the title. */
  sender: string;
  /** The link to the same page in the other language, written in that language. */
  otherLanguage: { lang: PageLanguage; label: string };
  form: {
    title: string;
    intro: string;
    legend: string;
    /** Labels of scores 1 to 5, each with its number. */
    scores: readonly [string, string, string, string, string];
    commentLabel: string;
    commentHint: string;
    submit: string;
    sending: string;
    thanks: string;
    chooseScore: string;
    failed: string;
    offline: string;
  };
  notices: { readonly [K in NoticeKey]: { title: string; body: string } };
  backToForm: string;
}

/** Every string of the page in both languages; the type makes a missing translation a compile error. */
export const PAGE_TEXTS: { readonly [L in PageLanguage]: PageTexts } = {
  nb: {
    sender: 'Politiet 02800',
    otherLanguage: { lang: 'en', label: 'English' },
    form: {
      title: 'Hvordan opplevde du samtalen med politiet?',
      intro: 'Du ringte nylig politiets servicenummer 02800. Svaret ditt hjelper oss å bli bedre, og det tar under ett minutt.',
      legend: 'Hvor fornøyd er du med hjelpen du fikk?',
      scores: ['1 – Svært misfornøyd', '2 – Misfornøyd', '3 – Verken fornøyd eller misfornøyd', '4 – Fornøyd', '5 – Svært fornøyd'],
      commentLabel: 'Kommentar (valgfritt)',
      commentHint: 'Høyst 1000 tegn. Ikke skriv navn, fødselsnummer eller andre personopplysninger. Vil du anmelde noe eller trenger du hjelp, ring 02800. Ved nød, ring 112.',
      submit: 'Send tilbakemelding',
      sending: 'Sender …',
      thanks: 'Takk for tilbakemeldingen! Svaret ditt er registrert.',
      chooseScore: 'Velg en karakter fra 1 til 5 før du sender.',
      failed: 'Noe gikk galt, og svaret ble ikke lagret. Prøv igjen om litt.',
      offline: 'Vi fikk ikke kontakt. Sjekk nettforbindelsen og prøv igjen.',
    },
    notices: {
      malformed: { title: 'Lenken er ikke gyldig', body: 'Sjekk at du har fått med hele lenken fra tekstmeldingen.' },
      unknown: { title: 'Vi finner ikke denne lenken', body: 'Sjekk at du har fått med hele lenken fra tekstmeldingen. Lenken kan også være slettet.' },
      used: { title: 'Du har allerede svart', body: 'Takk! Hver lenke kan bare brukes én gang, og vi har fått svaret ditt.' },
      expired: { title: 'Lenken har utløpt', body: 'Lenker til tilbakemelding gjelder bare en kort tid etter samtalen. Takk for at du ville svare.' },
      tooMany: { title: 'For mange forsøk', body: 'Vent et minutt og prøv igjen.' },
      invalid: { title: 'Svaret mangler noe', body: 'Velg en karakter fra 1 til 5, og skriv høyst 1000 tegn i kommentaren.' },
      received: { title: 'Takk for tilbakemeldingen!', body: 'Svaret ditt er registrert. Du kan lukke denne siden.' },
      error: { title: 'Noe gikk galt', body: 'Svaret ble ikke lagret. Prøv igjen om litt.' },
    },
    backToForm: 'Tilbake til skjemaet',
  },
  en: {
    sender: 'Norwegian Police 02800',
    otherLanguage: { lang: 'nb', label: 'Norsk' },
    form: {
      title: 'How was your call with the police?',
      intro: 'You recently called the police non-emergency number 02800. Your answer helps us improve, and it takes less than a minute.',
      legend: 'How satisfied are you with the help you got?',
      scores: ['1 – Very dissatisfied', '2 – Dissatisfied', '3 – Neither satisfied nor dissatisfied', '4 – Satisfied', '5 – Very satisfied'],
      commentLabel: 'Comment (optional)',
      commentHint: 'At most 1,000 characters. Please do not write names, national identity numbers or other personal details. To report something or get help, call 02800. In an emergency, call 112.',
      submit: 'Send feedback',
      sending: 'Sending …',
      thanks: 'Thank you for your feedback! Your answer has been recorded.',
      chooseScore: 'Choose a score from 1 to 5 before you send.',
      failed: 'Something went wrong and your answer was not saved. Please try again shortly.',
      offline: 'We could not connect. Check your internet connection and try again.',
    },
    notices: {
      malformed: { title: 'This link is not valid', body: 'Check that you have the whole link from the text message.' },
      unknown: { title: 'We cannot find this link', body: 'Check that you have the whole link from the text message. The link may also have been deleted.' },
      used: { title: 'You have already answered', body: 'Thank you! Each link can be used only once, and we have received your answer.' },
      expired: { title: 'This link has expired', body: 'Feedback links are valid only for a short time after the call. Thank you for wanting to answer.' },
      tooMany: { title: 'Too many attempts', body: 'Please wait a minute and try again.' },
      invalid: { title: 'Something is missing', body: 'Choose a score from 1 to 5, and write at most 1,000 characters in the comment.' },
      received: { title: 'Thank you for your feedback!', body: 'Your answer has been recorded. You can close this page.' },
      error: { title: 'Something went wrong', body: 'Your answer was not saved. Please try again shortly.' },
    },
    backToForm: 'Back to the form',
  },
};
