import type { EffectFigure, EffectReport } from './effect.js';
import type { JsonValue } from './errors.js';
import type { FollowUpTiming } from './follow-up.js';
import type { InsightInterval } from './quality.js';

/** What kind of change an improvement action makes. PERSISTED IN improvement_actions.kind: NEVER RENAME WITHOUT A MIGRATION. */
export const ImprovementActionKind = {
  Training: 'training',
  ClosingGuidance: 'closing_guidance',
  TopicSkill: 'topic_skill',
  IvrText: 'ivr_text',
  FirstLineCompetence: 'first_line_competence',
  Other: 'other',
} as const;
export type ImprovementActionKind = (typeof ImprovementActionKind)[keyof typeof ImprovementActionKind];
export const IMPROVEMENT_ACTION_KINDS: readonly ImprovementActionKind[] = Object.values(ImprovementActionKind);

/** PERSISTED IN improvement_actions.status: NEVER RENAME WITHOUT A MIGRATION. */
export const ImprovementActionStatus = {
  Planned: 'planned',
  InProgress: 'in_progress',
  Done: 'done',
  Cancelled: 'cancelled',
} as const;
export type ImprovementActionStatus = (typeof ImprovementActionStatus)[keyof typeof ImprovementActionStatus];
export const IMPROVEMENT_ACTION_STATUSES: readonly ImprovementActionStatus[] = Object.values(ImprovementActionStatus);

/** Where an action was opened from. PERSISTED IN improvement_actions.origin_kind: NEVER RENAME WITHOUT A MIGRATION. */
export const ImprovementActionOrigin = {
  /** A row of the root-cause insights (`GET /api/insights/root-causes`). */
  Insight: 'insight',
  /** One review's findings. */
  Review: 'review',
  /** A learning a quality lead shared (its review). */
  Learning: 'learning',
} as const;
export type ImprovementActionOrigin = (typeof ImprovementActionOrigin)[keyof typeof ImprovementActionOrigin];
export const IMPROVEMENT_ACTION_ORIGINS: readonly ImprovementActionOrigin[] = Object.values(ImprovementActionOrigin);

/** Longest title, in characters. */
export const IMPROVEMENT_ACTION_TITLE_MAX = 200;
/** Longest description, result, cancel reason or public summary, in characters. */
export const IMPROVEMENT_ACTION_TEXT_MAX = 4000;

/** The insight an action was opened from: the period and topic its filter showed. */
export interface ImprovementActionInsightFilter {
  from: string;
  to: string;
  interval?: InsightInterval;
  topicKey?: string | null;
}

/** A person an action names: its owner, or who made a change. */
export interface ImprovementActionPerson {
  id: string;
  username: string;
  displayName: string;
}

/** A field's value before and after one change. */
// A type, not an interface: it goes into the audit entry's JSON as it is.
export type ImprovementActionFieldChange = { from: JsonValue; to: JsonValue };

/** What an entry of an action's history records: made by a person, or the sweep's reminder or escalation. */
export type ImprovementActionHistoryKind = 'created' | 'updated' | 'reminded' | 'escalated';

/** One entry of an action's history, read from its audit entries. */
export interface ImprovementActionHistoryEntry {
  at: string;
  kind: ImprovementActionHistoryKind;
  /** Null for the sweep's entries; `person` null when the user is gone. */
  actor: { userId: string; role: string; person: ImprovementActionPerson | null } | null;
  /** The fields that changed, old → new (on creation, from null). */
  changes: Record<string, ImprovementActionFieldChange>;
}

/** An improvement action as quality leads and supervisors see it. */
export interface ImprovementActionView {
  id: string;
  title: string;
  description: string;
  kind: ImprovementActionKind;
  status: ImprovementActionStatus;
  owner: ImprovementActionPerson | null;
  dueAt: string;
  /** For an open action; null once done or cancelled. */
  timing: FollowUpTiming | null;
  /** When the change took effect: from here its effect is measured. */
  effectiveAt: string | null;
  result: string | null;
  cancelReason: string | null;
  origin: ImprovementActionOrigin;
  originReviewId: string | null;
  originInsight: ImprovementActionInsightFilter | null;
  topicKeys: string[];
  rootCauseKeys: string[];
  public: boolean;
  publicSummaryNb: string | null;
  publicSummaryEn: string | null;
  remindedAt: string | null;
  escalatedAt: string | null;
  createdBy: ImprovementActionPerson | null;
  createdAt: string;
  updatedAt: string;
}

/** `GET /api/improvement-actions/:id`: the action with every change made to it, oldest first. */
export interface ImprovementActionDetail extends ImprovementActionView {
  history: ImprovementActionHistoryEntry[];
}

/** Overdue open actions first, then open ones by due time, then finished ones, newest first. */
export interface ImprovementActionList {
  items: ImprovementActionView[];
  total: number;
  overdue: number;
}

/** Body of `POST /api/improvement-actions`. */
export interface CreateImprovementActionRequest {
  title: string;
  description: string;
  kind: ImprovementActionKind;
  dueAt: string;
  ownerUserId?: string | null;
  origin: ImprovementActionOrigin;
  /** Required for `review` and `learning`. */
  originReviewId?: string;
  /** Required for `insight`. */
  originInsight?: ImprovementActionInsightFilter;
  /** At least one topic or one root cause. */
  topicKeys?: string[];
  rootCauseKeys?: string[];
  public?: boolean;
  publicSummaryNb?: string | null;
  publicSummaryEn?: string | null;
}

/** Body of `PATCH /api/improvement-actions/:id`; at least one field. */
export interface UpdateImprovementActionRequest {
  /** planned → in_progress → done, or cancelled from either; done needs `result`, cancelled `cancelReason`. */
  status?: ImprovementActionStatus;
  title?: string;
  description?: string;
  kind?: ImprovementActionKind;
  dueAt?: string;
  ownerUserId?: string | null;
  /** Not in the future; defaults to the moment the action is marked done. */
  effectiveAt?: string;
  result?: string;
  cancelReason?: string;
  topicKeys?: string[];
  rootCauseKeys?: string[];
  public?: boolean;
  publicSummaryNb?: string | null;
  publicSummaryEn?: string | null;
}

/** `GET /api/improvement-actions/:id/effect`: a done action's effect as last measured (decision 0038). */
export interface ImprovementActionEffectView {
  actionId: string;
  /** When the figures were computed; they are measured again while they can still move. */
  measuredAt: string;
  report: EffectReport;
}

/** One done action in the list by effect: what it addressed, and its FCR before and after. */
export interface ImprovementActionEffectSummary {
  id: string;
  title: string;
  kind: ImprovementActionKind;
  topicKeys: string[];
  rootCauseKeys: string[];
  effectiveAt: string;
  public: boolean;
  /** Null until first measured. */
  measuredAt: string | null;
  /** The addressed topics' FCR before and after, from the last measurement; null until measured. */
  fcr: EffectFigure | null;
}

/**
 * `GET /api/improvement-actions/by-effect`: done actions, those whose FCR improved first (largest
 * difference first), then no change, then worsened, then too few calls to tell, then not yet measured.
 */
export interface ImprovementActionsByEffect {
  items: ImprovementActionEffectSummary[];
  /** How many actions are done. */
  total: number;
}
