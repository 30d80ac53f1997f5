import type { CallView, Outcome } from './call.js';
import { ReviewStatus, type FollowUpCause, type FollowUpKind, type FollowUpStatus } from './follow-up.js';

export const REVIEW_STATUSES: readonly ReviewStatus[] = Object.values(ReviewStatus);

/** What a stretch of a call's journey was: waiting in a queue, ringing at an agent, talking, or after-call work. */
export const JourneySegmentKind = {
  Queue: 'queue',
  Offer: 'offer',
  Talk: 'talk',
  WrapUp: 'wrap_up',
} as const;
export type JourneySegmentKind = (typeof JourneySegmentKind)[keyof typeof JourneySegmentKind];

/** How a stretch of the journey ended. */
export const JourneySegmentEnd = {
  /** Queue: routing offered the call to an agent. */
  Offered: 'offered',
  /** Queue or offer: an agent took the call. */
  Connected: 'connected',
  Declined: 'declined',
  Expired: 'expired',
  Revoked: 'revoked',
  /** Queue or offer: the caller hung up while waiting. */
  Abandoned: 'abandoned',
  CallbackRequested: 'callback_requested',
  TalkEnded: 'talk_ended',
  TransferredToTopic: 'transferred_to_topic',
  TransferredToAgent: 'transferred_to_agent',
  OutcomeRecorded: 'outcome_recorded',
  /** Wrap-up: ran out of time and the call completed as `not_recorded`. */
  TimedOut: 'timed_out',
  /** A callback's dialling: the caller did not answer. */
  DialFailed: 'dial_failed',
  /** A callback waiting for an agent or its next try was taken back. */
  Withdrawn: 'withdrawn',
} as const;
export type JourneySegmentEnd = (typeof JourneySegmentEnd)[keyof typeof JourneySegmentEnd];

/** One stretch of a call's journey, computed from its events. */
export interface JourneySegment {
  kind: JourneySegmentKind;
  /** The topic whose queue the call was in (or had come from) during this stretch, when the journey says. */
  topicKey: string | null;
  /** Offer: the agent it rang at; talk and wrap-up: the agent on the call. */
  agentId: string | null;
  from: string;
  /** Null while the stretch is still going on. */
  to: string | null;
  durationSec: number | null;
  end: JourneySegmentEnd | null;
}

/** The caller's wait (queue and ringing) in one topic, summed over every time the call waited there. */
export interface TopicWait {
  topicKey: string | null;
  waitingSec: number;
}

/** The whole journey as stretches of time, and the totals of its finished stretches. */
export interface JourneyTimeline {
  segments: JourneySegment[];
  /** Seconds the caller waited for someone to answer: queue and ringing, every time. */
  waitingSec: number;
  talkSec: number;
  wrapUpSec: number;
  offers: number;
  waitsByTopic: TopicWait[];
}

/** Someone who handled the call, as reviews name them. */
export interface ReviewPerson {
  userId: string;
  username: string;
  displayName: string;
}

export interface ReviewAgent {
  agentId: string;
  username: string;
  displayName: string;
}

/** The quality-review follow-up that tracks a review's due time. */
export interface ReviewFollowUpSummary {
  id: string;
  status: FollowUpStatus;
  dueAt: string;
  /** Still open and past its due time. */
  overdue: boolean;
}

/** One review in the quality lead's list. */
export interface ReviewSummary {
  id: string;
  callId: string;
  causes: FollowUpCause[];
  status: ReviewStatus;
  topicKey: string;
  agentId: string | null;
  agentDisplayName: string | null;
  outcome: Outcome | null;
  transferCount: number;
  reviewer: ReviewPerson | null;
  rootCauses: string[];
  followUp: ReviewFollowUpSummary | null;
  reviewedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Open and in-progress reviews first, newest first; then done ones, newest first. */
export interface ReviewList {
  items: ReviewSummary[];
  total: number;
}

/** A follow-up of the reviewed call. */
export interface ReviewCallFollowUp {
  id: string;
  kind: FollowUpKind;
  cause: FollowUpCause;
  status: FollowUpStatus;
  dueAt: string;
  ownerUsername: string | null;
  result: string | null;
  doneAt: string | null;
}

/** The citizen's feedback on the reviewed call, once given. */
export interface ReviewCitizenFeedback {
  score: number | null;
  /** Null when none was given or the retention job has blanked it (`commentPurged`). */
  comment: string | null;
  commentPurged: boolean;
  receivedAt: string;
}

/** One review with the call's whole journey, its timeline, the citizen's feedback and the call's follow-ups. */
export interface ReviewView extends ReviewSummary {
  agentFeedback: string | null;
  learning: string | null;
  learningShared: boolean;
  /** The call with every journey event in order, its outcome, reason codes and the agent's note. */
  call: CallView;
  timeline: JourneyTimeline;
  feedback: ReviewCitizenFeedback | null;
  followUps: ReviewCallFollowUp[];
  /** Every agent the journey names. */
  agents: ReviewAgent[];
}

/** Body of `PATCH /api/reviews/:id`; at least one field. */
export interface UpdateReviewRequest {
  /** open → in_progress → done; done is final and needs at least one root cause. */
  status?: ReviewStatus;
  /** Keys of active root causes; replaces the review's list. */
  rootCauses?: string[];
  agentFeedback?: string | null;
  learning?: string | null;
  /** Sharing needs a learning text. */
  learningShared?: boolean;
  /** Assign the review to me (and start it if it is open). */
  take?: true;
}

/** A root cause of the taxonomy. */
export interface RootCauseView {
  key: string;
  nameNb: string;
  nameEn: string;
  active: boolean;
  sortOrder: number;
}

export interface CreateRootCauseRequest {
  key: string;
  nameNb: string;
  nameEn: string;
  sortOrder?: number;
}

export interface UpdateRootCauseRequest {
  nameNb?: string;
  nameEn?: string;
  active?: boolean;
  sortOrder?: number;
}

/** A done review's feedback, as the agent whose call it was sees it. */
export interface AgentFeedbackView {
  reviewId: string;
  callId: string;
  topicKey: string;
  rootCauses: string[];
  agentFeedback: string;
  learning: string | null;
  reviewedAt: string;
}

/** A learning shared with everyone: no call, no agent, nothing personal. */
export interface SharedLearningView {
  topicKey: string;
  rootCauses: string[];
  learning: string;
  reviewedAt: string;
}

export const INSIGHT_INTERVALS = ['day', 'week', 'month'] as const;
export type InsightInterval = (typeof INSIGHT_INTERVALS)[number];

/** How often one root cause was found, in the done reviews of one topic's calls in one period. */
export interface RootCauseInsightRow {
  /** Start of the period in the metrics time zone, ISO-8601. */
  periodStart: string;
  topicKey: string;
  rootCause: string;
  count: number;
  /** Done reviews of that topic in that period: what `count` is out of. */
  reviewsDone: number;
}

export interface RootCauseInsightTopic {
  topicKey: string;
  reviewsDone: number;
}

/** `GET /api/insights/root-causes`: done reviews' root causes by the topic and period of their calls. */
export interface RootCauseInsightReport {
  from: string;
  to: string;
  interval: InsightInterval;
  timeZone: string;
  topicKey: string | null;
  rows: RootCauseInsightRow[];
  /** Per topic over the whole range. */
  topics: RootCauseInsightTopic[];
  /** The taxonomy, inactive causes too, to label the rows. */
  rootCauses: RootCauseView[];
}
