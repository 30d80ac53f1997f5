import type { ClosedFeedbackLinkState } from '../feedback-link-state.js';
import type { PageLanguage } from '../page/page-texts.js';

/** A page of the conversation link without the form: a closed link, a refused answer, or the answer taken. */
export type ConversationNoticeKey = ClosedFeedbackLinkState | 'invalidChoice' | 'invalidTime' | 'invalidMessage' | 'accepted' | 'time_suggested' | 'declined';

export interface ConversationTexts {
  form: {
    title: string;
    intro: string;
    legend: string;
    accept: string;
    suggest: string;
    decline: string;
    timeLegend: string;
    dateLabel: string;
    dateHint: string;
    timeLabel: string;
    chooseTime: string;
    messageLabel: string;
    messageHint: string;
    submit: string;
  };
  notices: { readonly [K in ConversationNoticeKey]: { title: string; body: string } };
  backToForm: string;
}

/** Every string of the conversation page in both languages; the type makes a missing translation a compile error. */
export const CONVERSATION_TEXTS: { readonly [L in PageLanguage]: ConversationTexts } = {
  nb: {
    form: {
      title: 'Vil du snakke med en leder i politiet?',
      intro: 'Du ringte nylig politiets servicenummer 02800 og var ikke fornøyd. Vi tar det på alvor. En leder vil gjerne ringe deg og høre om opplevelsen din. Samtalen er frivillig.',
      legend: 'Hva ønsker du?',
      accept: 'Ja, ring meg',
      suggest: 'Ja, men ring meg på et tidspunkt jeg foreslår',
      decline: 'Nei takk, jeg ønsker ikke en samtale',
      timeLegend: 'Tidspunkt (bare hvis du foreslår et)',
      dateLabel: 'Dato',
      dateHint: 'En hverdag innen 60 dager.',
      timeLabel: 'Klokkeslett',
      chooseTime: 'Velg klokkeslett',
      messageLabel: 'Melding til lederen (valgfritt)',
      messageHint: 'Høyst 500 tegn. Ikke skriv fødselsnummer eller helseopplysninger. Vil du anmelde noe, ring 02800. Ved nød, ring 112.',
      submit: 'Send svar',
    },
    notices: {
      malformed: { title: 'Vi finner ikke denne lenken', body: 'Sjekk at du har fått med hele lenken fra tekstmeldingen.' },
      unknown: { title: 'Vi finner ikke denne lenken', body: 'Sjekk at du har fått med hele lenken fra tekstmeldingen. Lenken kan også være slettet.' },
      used: { title: 'Du har allerede svart', body: 'Takk! Lenken kan bare brukes én gang, og vi har fått svaret ditt.' },
      expired: { title: 'Lenken har utløpt', body: 'Fristen for å svare er ute. Vil du likevel snakke med oss, ring 02800.' },
      invalidChoice: { title: 'Svaret mangler noe', body: 'Velg ett av de tre svarene før du sender.' },
      invalidTime: { title: 'Tidspunktet kan ikke brukes', body: 'Velg en hverdag innen 60 dager, minst en time fra nå, og et klokkeslett mellom 08.00 og 15.30.' },
      invalidMessage: { title: 'Meldingen er for lang', body: 'Skriv høyst 500 tegn i meldingen.' },
      accepted: { title: 'Takk for svaret!', body: 'En leder i politiet ringer deg. Du kan lukke denne siden.' },
      time_suggested: { title: 'Takk for svaret!', body: 'En leder i politiet ringer deg på tidspunktet du foreslo, eller tar kontakt for å finne et annet. Du kan lukke denne siden.' },
      declined: { title: 'Takk for svaret', body: 'Vi ringer deg ikke. Takk for at du sa ifra: det hjelper oss å bli bedre.' },
    },
    backToForm: 'Tilbake til skjemaet',
  },
  en: {
    form: {
      title: 'Would you like to talk with a police leader?',
      intro:
        'You recently called the police non-emergency number 02800 and were not satisfied. We take that seriously. A leader would like to call you and hear about your experience. The conversation is voluntary.',
      legend: 'What would you like?',
      accept: 'Yes, call me',
      suggest: 'Yes, but call me at a time I suggest',
      decline: 'No thank you, I do not want a conversation',
      timeLegend: 'Time (only if you suggest one)',
      dateLabel: 'Date',
      dateHint: 'A weekday within 60 days.',
      timeLabel: 'Time of day',
      chooseTime: 'Choose a time',
      messageLabel: 'Message to the leader (optional)',
      messageHint: 'At most 500 characters. Please do not write national identity numbers or health details. To report something, call 02800. In an emergency, call 112.',
      submit: 'Send answer',
    },
    notices: {
      malformed: { title: 'We cannot find this link', body: 'Check that you have the whole link from the text message.' },
      unknown: { title: 'We cannot find this link', body: 'Check that you have the whole link from the text message. The link may also have been deleted.' },
      used: { title: 'You have already answered', body: 'Thank you! The link can be used only once, and we have received your answer.' },
      expired: { title: 'This link has expired', body: 'The time to answer has passed. If you would still like to talk with us, call 02800.' },
      invalidChoice: { title: 'Something is missing', body: 'Choose one of the three answers before you send.' },
      invalidTime: { title: 'That time cannot be used', body: 'Choose a weekday within 60 days, at least an hour from now, and a time between 08:00 and 15:30.' },
      invalidMessage: { title: 'The message is too long', body: 'Write at most 500 characters in the message.' },
      accepted: { title: 'Thank you for your answer!', body: 'A police leader will call you. You can close this page.' },
      time_suggested: { title: 'Thank you for your answer!', body: 'A police leader will call you at the time you suggested, or get in touch to find another. You can close this page.' },
      declined: { title: 'Thank you for your answer', body: 'We will not call you. Thank you for telling us: it helps us improve.' },
    },
    backToForm: 'Back to the form',
  },
};
