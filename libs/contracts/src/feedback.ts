/** Lowest and highest score a citizen can give a call. */
export const FEEDBACK_SCORE_MIN = 1;
export const FEEDBACK_SCORE_MAX = 5;
/** Feedback scored this or lower makes the call one that went wrong (DESIGN §6): a quality review. */
export const LOW_FEEDBACK_MAX_SCORE = 2;
/** Longest comment a citizen may leave, in characters. */
export const FEEDBACK_COMMENT_MAX_LENGTH = 1000;

/** `POST /api/feedback/:token`: the citizen's answer. */
export interface SubmitFeedbackRequest {
  /** A whole number from 1 (very dissatisfied) to 5 (very satisfied). */
  score: number;
  comment?: string;
}

/** The answer to an accepted `POST /api/feedback/:token`. */
export interface FeedbackReceipt {
  received: true;
  /** The call's topic, when it has a public "what came of it" page (decision 0042): the page links to it after the answer. */
  topic?: { key: string; nameNb: string; nameEn: string };
}

/** What a text message was sent for. PERSISTED IN sms_outbox.purpose: NEVER RENAME WITHOUT A MIGRATION. */
export const SmsPurpose = {
  FeedbackInvitation: 'feedback_invitation',
  /** A complainant's invitation to a conversation with a police leader (decision 0041). */
  LeaderInvitation: 'leader_invitation',
} as const;
export type SmsPurpose = (typeof SmsPurpose)[keyof typeof SmsPurpose];

/** A text message in the default gateway's outbox, as administrators see it. Number and body are null once purged. */
export interface SmsMessageView {
  id: string;
  callId: string | null;
  purpose: string;
  toE164: string | null;
  body: string | null;
  createdAt: string;
  purgedAt: string | null;
}

/** `GET /api/admin/sms-outbox`: newest first. */
export interface SmsOutboxList {
  items: SmsMessageView[];
  total: number;
}
