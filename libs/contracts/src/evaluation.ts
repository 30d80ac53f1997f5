/** How a criterion is scored: 0–4 (0 poor, 4 excellent) or pass/fail (0 fail, 1 pass). Stored in form versions: never rename. */
export const EvaluationScale = {
  ZeroToFour: '0_4',
  PassFail: 'pass_fail',
} as const;
export type EvaluationScale = (typeof EvaluationScale)[keyof typeof EvaluationScale];
export const EVALUATION_SCALES = Object.values(EvaluationScale);

/** A text in both of the console's languages. */
export interface LocalizedText {
  nb: string;
  en: string;
}

/** One thing an evaluation scores, as a form version holds it. */
export interface EvaluationCriterion {
  key: string;
  label: LocalizedText;
  guidance: LocalizedText;
  /** How much the criterion counts in the weighted score: a positive whole number. */
  weight: number;
  scale: EvaluationScale;
  /** Whether the evaluator may answer "not applicable" (the criterion then counts for nothing). */
  naAllowed: boolean;
}

/** Not applicable: the answer to a criterion that does not apply to this call. */
export const NOT_APPLICABLE = 'na';
/** Each criterion's answer by its key: a value on its scale, or 'na' where allowed. */
export type EvaluationScores = Record<string, number | typeof NOT_APPLICABLE>;

/** A form with its current (newest) version. */
export interface EvaluationFormView {
  id: string;
  key: string;
  nameNb: string;
  nameEn: string;
  active: boolean;
  versionId: string;
  version: number;
  criteria: EvaluationCriterion[];
  versionCreatedAt: string;
}

/** One version of a form: never changes once written. */
export interface EvaluationFormVersionView {
  id: string;
  formId: string;
  formKey: string;
  nameNb: string;
  nameEn: string;
  version: number;
  criteria: EvaluationCriterion[];
  createdAt: string;
}

export interface CreateEvaluationFormRequest {
  key: string;
  nameNb: string;
  nameEn: string;
  criteria: EvaluationCriterion[];
}

/** Names and active change the form; new criteria write a new version. */
export interface UpdateEvaluationFormRequest {
  nameNb?: string;
  nameEn?: string;
  active?: boolean;
  criteria?: EvaluationCriterion[];
}

/** A quality lead scores a review with a form's current version. */
export interface CreateEvaluationRequest {
  formKey: string;
  scores: EvaluationScores;
  comment?: string;
}

/** A participant's blind score in a calibration (the calibration's form version). */
export interface CalibrationScoreRequest {
  scores: EvaluationScores;
  comment?: string;
}

export interface EvaluationPerson {
  userId: string;
  displayName: string;
}

/** A submitted evaluation with the form version it was scored with. */
export interface EvaluationView {
  id: string;
  reviewId: string;
  form: EvaluationFormVersionView;
  evaluator: EvaluationPerson;
  scores: EvaluationScores;
  /** Weighted percentage over the applicable criteria, one decimal. */
  score: number;
  comment: string | null;
  calibrationId: string | null;
  submittedAt: string;
  acknowledgedAt: string | null;
  acknowledgementComment: string | null;
}

/** What an agent sees of an evaluation of their call: no caller data. */
export interface AgentEvaluationView extends EvaluationView {
  callId: string;
  topicKey: string;
}

export interface AcknowledgeEvaluationRequest {
  comment?: string;
}

export interface StartCalibrationRequest {
  reviewId: string;
  /** Quality leads who score besides the one who starts it (who always takes part). */
  participantUserIds: string[];
  formKey: string;
}

export const CalibrationStatus = {
  Open: 'open',
  Closed: 'closed',
} as const;
export type CalibrationStatus = (typeof CalibrationStatus)[keyof typeof CalibrationStatus];

export interface CalibrationParticipant extends EvaluationPerson {
  scored: boolean;
}

/** One number's spread across the participants: each one's value, and min, max and mean (null when nobody gave a value). */
export interface SpreadFigures {
  values: { userId: string; value: number | typeof NOT_APPLICABLE }[];
  min: number | null;
  max: number | null;
  mean: number | null;
}

export interface CalibrationSpread {
  criteria: (SpreadFigures & { key: string })[];
  total: SpreadFigures;
}

/** A calibration: while open, a participant sees who has scored and their own evaluation only; once closed, everyone's and the spread. */
export interface CalibrationView {
  id: string;
  reviewId: string;
  status: CalibrationStatus;
  startedBy: EvaluationPerson;
  participants: CalibrationParticipant[];
  form: EvaluationFormVersionView;
  evaluations: EvaluationView[];
  spread: CalibrationSpread | null;
  createdAt: string;
  closedAt: string | null;
}

export type CalibrationSummary = Omit<CalibrationView, 'evaluations' | 'spread' | 'form'> & { formName: LocalizedText; version: number };
