import type { EvaluationCriterion } from '@fc/contracts';

/**
 * The default scored-evaluation form, "Samtalekvalitet 02800" (decision 0040 says why these
 * weights). What the police documents ask of a conversation: the need understood, a correct answer
 * or referral, the conversation closed with the caller's expectations aligned, no excessive demands
 * for information, no condescending tone (the Danish findings), and the call resolved at first
 * contact where that was possible.
 */
export const DEMO_EVALUATION_FORM: { key: string; nameNb: string; nameEn: string; criteria: EvaluationCriterion[] } = {
  key: 'call_quality_02800',
  nameNb: 'Samtalekvalitet 02800',
  nameEn: 'Call quality 02800',
  criteria: [
    {
      key: 'need_understood',
      label: { nb: 'Behovet ble forstått', en: 'The need was understood' },
      guidance: { nb: 'Fant innringerens egentlige behov, spurte oppklarende der det trengtes.', en: 'Found what the caller really needed, asking to clarify where needed.' },
      weight: 3,
      scale: '0_4',
      naAllowed: false,
    },
    {
      key: 'correct_answer',
      label: { nb: 'Riktig svar eller henvisning', en: 'Correct answer or referral' },
      guidance: {
        nb: 'Svaret var riktig, eller innringeren ble sendt ett sted som kan hjelpe – ikke på runddans.',
        en: 'The answer was right, or the caller was sent to one place that can help — not on a runaround.',
      },
      weight: 3,
      scale: '0_4',
      naAllowed: false,
    },
    {
      key: 'expectations_aligned',
      label: { nb: 'Avslutning: forventningene avstemt', en: 'Closing: expectations aligned' },
      guidance: {
        nb: 'Samtalen ble lukket ordentlig: innringeren vet hva som skjer nå og hva politiet kan og ikke kan gjøre, og blir ikke sittende «uforløst».',
        en: 'The conversation was closed properly: the caller knows what happens next and what the police can and cannot do, and is not left "unresolved".',
      },
      weight: 3,
      scale: '0_4',
      naAllowed: false,
    },
    {
      key: 'proportionate_information',
      label: { nb: 'Ingen overdrevne krav om opplysninger', en: 'No excessive demands for information' },
      guidance: { nb: 'Ba bare om opplysningene saken trengte, og forklarte hvorfor.', en: 'Asked only for the information the matter needed, and said why.' },
      weight: 2,
      scale: 'pass_fail',
      naAllowed: false,
    },
    {
      key: 'respectful_tone',
      label: { nb: 'Ingen nedlatende tone', en: 'No condescending tone' },
      guidance: { nb: 'Møtte innringeren med respekt gjennom hele samtalen.', en: 'Met the caller with respect throughout the conversation.' },
      weight: 2,
      scale: 'pass_fail',
      naAllowed: false,
    },
    {
      key: 'resolved_first_contact',
      label: { nb: 'Løst ved første kontakt der det var mulig', en: 'Resolved at first contact where possible' },
      guidance: {
        nb: 'Behovet ble løst i denne samtalen. Ikke aktuelt når saken måtte videre (patrulje, saksbehandler).',
        en: 'The need was resolved in this call. Not applicable when the matter had to go on (a patrol, a case handler).',
      },
      weight: 2,
      scale: '0_4',
      naAllowed: true,
    },
  ],
};
