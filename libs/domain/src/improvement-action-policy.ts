import { ImprovementActionOrigin, ImprovementActionStatus, type FollowUpTiming, type ImprovementActionKind } from '@fc/contracts';
import { DomainError, NothingToChangeError } from './domain-error.js';
import { followUpTiming } from './follow-up-policy.js';

/** A status change outside planned → in progress → done, or cancelled from either open state (409). */
export class IllegalImprovementActionStatusChangeError extends DomainError {
  readonly kind = 'conflict';

  constructor(
    readonly from: ImprovementActionStatus,
    readonly to: ImprovementActionStatus,
  ) {
    super(`An improvement action that is ${from.replaceAll('_', ' ')} cannot become ${to.replaceAll('_', ' ')}`);
  }
}

/** A change to a done or cancelled action (409): it is part of the record its effect is measured against. */
export class ImprovementActionFinishedError extends DomainError {
  readonly kind = 'conflict';

  constructor(status: ImprovementActionStatus) {
    super(`An improvement action that is ${status} is final: it cannot change`);
  }
}

/** An action or a change that cannot be taken as given (400): the message says what to give instead. */
export class ImprovementActionChangeError extends DomainError {
  readonly kind = 'invalid';
}

/** Marking an action done without saying what was done (400). */
export class ImprovementActionNeedsResultError extends ImprovementActionChangeError {
  constructor() {
    super('An improvement action is done with a result: say what was done in result');
  }
}

/** Cancelling an action without a reason (400). */
export class ImprovementActionNeedsCancelReasonError extends ImprovementActionChangeError {
  constructor() {
    super('An improvement action is cancelled with a reason: say why in cancelReason');
  }
}

/** A public action without both public summaries (400): citizens read them in Norwegian and English. */
export class ImprovementActionNeedsPublicSummaryError extends ImprovementActionChangeError {
  constructor() {
    super('A public improvement action needs publicSummaryNb and publicSummaryEn: what we changed, written for citizens');
  }
}

/** An action that names no topic and no root cause (400): it could never be measured. */
export class ImprovementActionNeedsTargetError extends ImprovementActionChangeError {
  constructor() {
    super('An improvement action names at least one topic (topicKeys) or one root cause (rootCauseKeys)');
  }
}

/** When the change took effect, given in the future (400). */
export class ImprovementActionEffectiveInFutureError extends ImprovementActionChangeError {
  constructor() {
    super('effectiveAt cannot be in the future: it is when the change took effect');
  }
}

const NEXT_STATUSES: Record<ImprovementActionStatus, readonly ImprovementActionStatus[]> = {
  [ImprovementActionStatus.Planned]: [ImprovementActionStatus.InProgress, ImprovementActionStatus.Cancelled],
  [ImprovementActionStatus.InProgress]: [ImprovementActionStatus.Done, ImprovementActionStatus.Cancelled],
  [ImprovementActionStatus.Done]: [],
  [ImprovementActionStatus.Cancelled]: [],
};

export function isImprovementActionOpen(status: ImprovementActionStatus): boolean {
  return status === ImprovementActionStatus.Planned || status === ImprovementActionStatus.InProgress;
}

/**
 * The status an action may move to: planned → in progress → done, or cancelled from either open
 * state; done and cancelled are final. The same status again is no change.
 */
export function changeImprovementActionStatus(from: ImprovementActionStatus, to: ImprovementActionStatus): ImprovementActionStatus {
  if (from === to) return to;
  if (!NEXT_STATUSES[from].includes(to)) throw new IllegalImprovementActionStatusChangeError(from, to);
  return to;
}

/** A new action as asked for, after the edge has checked each field's shape. */
export interface NewImprovementAction {
  origin: ImprovementActionOrigin;
  originReviewId?: string | null;
  originInsight?: object | null;
  topicKeys?: readonly string[];
  rootCauseKeys?: readonly string[];
  public?: boolean;
  publicSummaryNb?: string | null;
  publicSummaryEn?: string | null;
}

/**
 * Whether a new action may be created as given: its origin says where it came from (a review or
 * learning names its review, an insight its filter), it names something to measure (a topic or a
 * root cause, each once), and a public one has both citizens' summaries.
 * @throws ImprovementActionChangeError and its subclasses
 */
export function checkNewImprovementAction(action: NewImprovementAction): void {
  if ((action.origin === ImprovementActionOrigin.Review || action.origin === ImprovementActionOrigin.Learning) && !action.originReviewId) {
    throw new ImprovementActionChangeError(`An action opened from a ${action.origin} names its review: give originReviewId`);
  }
  if (action.origin === ImprovementActionOrigin.Insight && !action.originInsight) throw new ImprovementActionChangeError('An action opened from an insight keeps its filter: give originInsight');
  if (action.origin === ImprovementActionOrigin.Insight && action.originReviewId) throw new ImprovementActionChangeError('An action opened from an insight has no originReviewId');
  checkTargets(action.topicKeys ?? [], action.rootCauseKeys ?? []);
  checkPublic(action.public ?? false, blankToNull(action.publicSummaryNb), blankToNull(action.publicSummaryEn));
}

/** An action as it stands, as far as a change depends on it. */
export interface ImprovementActionState {
  status: ImprovementActionStatus;
  result: string | null;
  cancelReason: string | null;
  effectiveAt: Date | null;
  topicKeys: readonly string[];
  rootCauseKeys: readonly string[];
  public: boolean;
  publicSummaryNb: string | null;
  publicSummaryEn: string | null;
}

/** What a person asks of an action; absent fields stay as they are. */
export interface ImprovementActionChange {
  status?: ImprovementActionStatus;
  title?: string;
  description?: string;
  kind?: ImprovementActionKind;
  dueAt?: Date;
  ownerUserId?: string | null;
  effectiveAt?: Date;
  result?: string;
  cancelReason?: string;
  topicKeys?: readonly string[];
  rootCauseKeys?: readonly string[];
  public?: boolean;
  publicSummaryNb?: string | null;
  publicSummaryEn?: string | null;
}

/** The columns a change writes (the topics and root causes are replaced when given). */
export interface ImprovementActionPatch {
  status?: ImprovementActionStatus;
  title?: string;
  description?: string;
  kind?: ImprovementActionKind;
  dueAt?: Date;
  ownerUserId?: string | null;
  effectiveAt?: Date;
  result?: string;
  cancelReason?: string;
  topicKeys?: string[];
  rootCauseKeys?: string[];
  public?: boolean;
  publicSummaryNb?: string | null;
  publicSummaryEn?: string | null;
}

const CHANGE_FIELDS = 'status, title, description, kind, dueAt, ownerUserId, effectiveAt, result, cancelReason, topicKeys, rootCauseKeys, public, publicSummaryNb or publicSummaryEn';

/**
 * Decides a change to an action (PATCH /api/improvement-actions/:id) or refuses it:
 * - status moves by {@link changeImprovementActionStatus};
 * - done needs a result (what was done) and takes effect `now` unless `effectiveAt` says when,
 *   never in the future; cancelled needs a reason;
 * - a done or cancelled action is final: nothing else changes (its effect is measured from it);
 * - it keeps at least one topic or root cause, each once; public needs both summaries.
 * @throws NothingToChangeError, IllegalImprovementActionStatusChangeError, ImprovementActionFinishedError, ImprovementActionChangeError and its subclasses
 */
export function planImprovementActionChange(action: ImprovementActionState, change: ImprovementActionChange, now: Date): ImprovementActionPatch {
  const given = (Object.keys(change) as (keyof ImprovementActionChange)[]).filter((field) => change[field] !== undefined);
  if (given.length === 0) throw new NothingToChangeError(CHANGE_FIELDS);
  if (!isImprovementActionOpen(action.status)) {
    if (change.status !== undefined && change.status !== action.status) changeImprovementActionStatus(action.status, change.status);
    throw new ImprovementActionFinishedError(action.status);
  }

  const patch: ImprovementActionPatch = {};
  const status = change.status !== undefined ? changeImprovementActionStatus(action.status, change.status) : action.status;
  if (status !== action.status) patch.status = status;
  for (const field of ['title', 'description'] as const) {
    const text = change[field]?.trim();
    if (text === '') throw new ImprovementActionChangeError(`${field} cannot be empty`);
    if (text !== undefined) patch[field] = text;
  }
  if (change.kind !== undefined) patch.kind = change.kind;
  if (change.dueAt !== undefined) patch.dueAt = change.dueAt;
  if (change.ownerUserId !== undefined) patch.ownerUserId = change.ownerUserId;

  const result = change.result?.trim();
  const cancelReason = change.cancelReason?.trim();
  if (result !== undefined && result !== '') patch.result = result;
  if (cancelReason !== undefined && cancelReason !== '') patch.cancelReason = cancelReason;
  if (status === ImprovementActionStatus.Done) {
    if (!patch.result && !action.result) throw new ImprovementActionNeedsResultError();
    patch.effectiveAt = change.effectiveAt ?? action.effectiveAt ?? now;
  } else if (status === ImprovementActionStatus.Cancelled) {
    if (!patch.cancelReason && !action.cancelReason) throw new ImprovementActionNeedsCancelReasonError();
  }
  if (change.effectiveAt !== undefined) {
    if (change.effectiveAt.getTime() > now.getTime()) throw new ImprovementActionEffectiveInFutureError();
    patch.effectiveAt = change.effectiveAt;
  }

  if (change.topicKeys !== undefined) patch.topicKeys = [...change.topicKeys];
  if (change.rootCauseKeys !== undefined) patch.rootCauseKeys = [...change.rootCauseKeys];
  if (patch.topicKeys || patch.rootCauseKeys) checkTargets(patch.topicKeys ?? action.topicKeys, patch.rootCauseKeys ?? action.rootCauseKeys);

  if (change.public !== undefined) patch.public = change.public;
  if (change.publicSummaryNb !== undefined) patch.publicSummaryNb = blankToNull(change.publicSummaryNb);
  if (change.publicSummaryEn !== undefined) patch.publicSummaryEn = blankToNull(change.publicSummaryEn);
  checkPublic(
    patch.public ?? action.public,
    patch.publicSummaryNb !== undefined ? patch.publicSummaryNb : action.publicSummaryNb,
    patch.publicSummaryEn !== undefined ? patch.publicSummaryEn : action.publicSummaryEn,
  );
  return patch;
}

/** Where an open action stands against its due time: due soon within `reminderBeforeHours`. */
export function improvementActionTiming(dueAt: Date, now: Date, reminderBeforeHours: number): FollowUpTiming {
  return followUpTiming(dueAt, now, reminderBeforeHours * 60);
}

function checkTargets(topicKeys: readonly string[], rootCauseKeys: readonly string[]): void {
  if (topicKeys.length === 0 && rootCauseKeys.length === 0) throw new ImprovementActionNeedsTargetError();
  for (const [field, keys] of [
    ['topicKeys', topicKeys],
    ['rootCauseKeys', rootCauseKeys],
  ] as const) {
    const twice = keys.find((key, index) => keys.indexOf(key) !== index);
    if (twice !== undefined) throw new ImprovementActionChangeError(`${field} lists "${twice}" twice`);
  }
}

function checkPublic(isPublic: boolean, summaryNb: string | null | undefined, summaryEn: string | null | undefined): void {
  if (isPublic && (!summaryNb || !summaryEn)) throw new ImprovementActionNeedsPublicSummaryError();
}

function blankToNull(text: string | null | undefined): string | null {
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
}

const DAY_MS = 86_400_000;

/**
 * Whether a done action's effect is to be measured (again): never measured, or measured at least
 * `refreshMs` ago while its figures could still move — the after window filling, its calls' repeat
 * windows still open, outcomes and reviews still coming (up to a day after those). Once a
 * measurement was taken after all that, it stands for good.
 */
export function effectNeedsMeasuring(effectiveAt: Date, measuredAt: Date | null, now: Date, terms: { windowDays: number; repeatWindowDays: number; refreshMs: number }): boolean {
  if (measuredAt === null) return true;
  const settledAt = effectiveAt.getTime() + (terms.windowDays + terms.repeatWindowDays + 1) * DAY_MS;
  return measuredAt.getTime() < settledAt && now.getTime() - measuredAt.getTime() >= terms.refreshMs;
}
