import { RoutingStrategy, type EscalationStep } from '@fc/contracts';

export interface DemoTopic {
  key: string;
  nameNb: string;
  nameEn: string;
  minProficiency: number;
  priority: number;
  serviceLevelTargetPct: number;
  serviceLevelThresholdSec: number;
  callbackTargetMin: number;
  escalationSteps: EscalationStep[];
  closingGuidanceNb: string;
  closingGuidanceEn: string;
}

const standardSteps = (start: number): EscalationStep[] => [
  { afterSec: 0, minProficiency: start },
  { afterSec: 30, minProficiency: 2 },
  { afterSec: 90, minProficiency: 1, includeGeneralists: true },
  { afterSec: 120, offerCallback: true },
];

/** The ten IVR choices of 02800 (DESIGN §3), in the order the IVR reads them. */
export const DEMO_TOPICS: readonly DemoTopic[] = [
  {
    key: 'passport',
    nameNb: 'Pass og ID-kort',
    nameEn: 'Passport and ID card',
    minProficiency: 2,
    priority: 0,
    serviceLevelTargetPct: 80,
    serviceLevelThresholdSec: 20,
    callbackTargetMin: 240,
    escalationSteps: standardSteps(3),
    closingGuidanceNb: 'Bekreft hva innbyggeren må ta med til timen, og at timebestilling skjer på politiet.no. Si tydelig at politiet ikke kan fremskynde produksjon av pass.',
    closingGuidanceEn: 'Confirm what the caller must bring to the appointment and that booking is done at politiet.no. Say clearly that the police cannot speed up passport production.',
  },
  {
    key: 'firearms',
    nameNb: 'Våpen',
    nameEn: 'Firearms',
    minProficiency: 3,
    priority: 0,
    serviceLevelTargetPct: 80,
    serviceLevelThresholdSec: 20,
    callbackTargetMin: 480,
    escalationSteps: [
      { afterSec: 0, minProficiency: 4 },
      { afterSec: 45, minProficiency: 3 },
      { afterSec: 120, offerCallback: true },
    ],
    closingGuidanceNb: 'Oppsummer hvilke dokumenter søknaden trenger og forventet saksbehandlingstid. Ikke lov noe om utfallet.',
    closingGuidanceEn: 'Summarise which documents the application needs and the expected processing time. Promise nothing about the result.',
  },
  {
    key: 'lost_property',
    nameNb: 'Hittegods',
    nameEn: 'Lost property',
    minProficiency: 1,
    priority: 0,
    serviceLevelTargetPct: 80,
    serviceLevelThresholdSec: 30,
    callbackTargetMin: 480,
    escalationSteps: [
      { afterSec: 0, minProficiency: 2 },
      { afterSec: 30, minProficiency: 1, includeGeneralists: true },
      { afterSec: 150, offerCallback: true },
    ],
    closingGuidanceNb: 'Forklar hvordan tapet meldes digitalt og hvor lenge hittegods oppbevares.',
    closingGuidanceEn: 'Explain how to report the loss online and how long found items are kept.',
  },
  {
    key: 'report_offence',
    nameNb: 'Anmelde et forhold',
    nameEn: 'Report an offence',
    minProficiency: 3,
    priority: 10,
    serviceLevelTargetPct: 80,
    serviceLevelThresholdSec: 20,
    callbackTargetMin: 120,
    escalationSteps: standardSteps(4),
    closingGuidanceNb: 'Fortell hva som skjer videre med anmeldelsen, at innbyggeren får et saksnummer, og at ikke alle saker fører til etterforskning. Ved fare: 112.',
    closingGuidanceEn: 'Tell the caller what happens next with the report, that they will get a case number, and that not every case leads to an investigation. If in danger: 112.',
  },
  {
    key: 'case_status',
    nameNb: 'Status i min sak',
    nameEn: 'Status of my case',
    minProficiency: 2,
    priority: 0,
    serviceLevelTargetPct: 80,
    serviceLevelThresholdSec: 20,
    callbackTargetMin: 240,
    escalationSteps: standardSteps(3),
    closingGuidanceNb: 'Gi den status du kan dele, og si hvem som tar kontakt og når. Lov aldri en dato politiet ikke styrer.',
    closingGuidanceEn: 'Give the status you can share and say who will get in touch and when. Never promise a date the police do not control.',
  },
  {
    key: 'tips',
    nameNb: 'Tips til politiet',
    nameEn: 'Tips to the police',
    minProficiency: 2,
    priority: 5,
    serviceLevelTargetPct: 80,
    serviceLevelThresholdSec: 20,
    callbackTargetMin: 120,
    escalationSteps: standardSteps(3),
    closingGuidanceNb: 'Takk for tipset, og forklar at innbyggeren ikke alltid får vite hva tipset førte til.',
    closingGuidanceEn: 'Thank the caller for the tip and explain that they will not always learn what it led to.',
  },
  {
    key: 'foreigners',
    nameNb: 'Utlendinger og opphold',
    nameEn: 'Foreigners and residence',
    minProficiency: 3,
    priority: 0,
    serviceLevelTargetPct: 80,
    serviceLevelThresholdSec: 30,
    callbackTargetMin: 480,
    escalationSteps: [
      { afterSec: 0, minProficiency: 4 },
      { afterSec: 60, minProficiency: 3 },
      { afterSec: 150, offerCallback: true },
    ],
    closingGuidanceNb: 'Skill mellom det politiet og UDI avgjør, og vis til riktig instans.',
    closingGuidanceEn: 'Separate what the police and the immigration directorate (UDI) decide, and refer to the right body.',
  },
  {
    key: 'driving_licence',
    nameNb: 'Førerkort',
    nameEn: 'Driving licence',
    minProficiency: 2,
    priority: 0,
    serviceLevelTargetPct: 80,
    serviceLevelThresholdSec: 20,
    callbackTargetMin: 480,
    escalationSteps: standardSteps(3),
    closingGuidanceNb: 'Forklar hva politiet avgjør om førerrett og hva Statens vegvesen håndterer.',
    closingGuidanceEn: 'Explain what the police decide about driving rights and what the Public Roads Administration handles.',
  },
  {
    key: 'police_certificate',
    nameNb: 'Politiattest',
    nameEn: 'Police certificate',
    minProficiency: 1,
    priority: 0,
    serviceLevelTargetPct: 80,
    serviceLevelThresholdSec: 30,
    callbackTargetMin: 480,
    escalationSteps: [
      { afterSec: 0, minProficiency: 2 },
      { afterSec: 30, minProficiency: 1, includeGeneralists: true },
      { afterSec: 150, offerCallback: true },
    ],
    closingGuidanceNb: 'Vis til digital søknad og forventet behandlingstid.',
    closingGuidanceEn: 'Point to the online application and the expected processing time.',
  },
  {
    key: 'other',
    nameNb: 'Annet',
    nameEn: 'Other',
    minProficiency: 1,
    priority: 0,
    serviceLevelTargetPct: 80,
    serviceLevelThresholdSec: 30,
    callbackTargetMin: 480,
    escalationSteps: [
      { afterSec: 0, minProficiency: 1, includeGeneralists: true },
      { afterSec: 150, offerCallback: true },
    ],
    closingGuidanceNb: 'Avklar om behovet ble dekket, og si hva innbyggeren selv kan gjøre videre.',
    closingGuidanceEn: 'Check that the need was met and say what the caller can do next on their own.',
  },
];

export const DEFAULT_TOPIC_STRATEGY = RoutingStrategy.MostProficientLongestIdle;

export const DEMO_LANGUAGES: readonly { code: string; nameNb: string; nameEn: string }[] = [
  { code: 'nb', nameNb: 'Norsk', nameEn: 'Norwegian' },
  { code: 'en', nameNb: 'Engelsk', nameEn: 'English' },
  { code: 'pl', nameNb: 'Polsk', nameEn: 'Polish' },
  { code: 'ar', nameNb: 'Arabisk', nameEn: 'Arabic' },
  { code: 'so', nameNb: 'Somali', nameEn: 'Somali' },
  { code: 'uk', nameNb: 'Ukrainsk', nameEn: 'Ukrainian' },
];
