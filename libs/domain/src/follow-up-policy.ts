import { FollowUpCause, FollowUpKind, FollowUpStatus, Outcome, Role, type AgentOutcome, type FollowUpTiming, type Outcome as OutcomeValue } from '@fc/contracts';
import { DomainError, NothingToChangeError } from './domain-error.js';

/** A call transferred this many times has given its caller the runaround (DESIGN §6). */
export const RUNAROUND_TRANSFERS = 2;

/** What decides which follow-ups a cause calls for. */
export interface CauseContext {
  /** The caller's number is known (not withheld), so they can be called back or texted. */
  hasNumber: boolean;
}

/**
 * The follow-ups a cause calls for (DESIGN §6). An unresolved need is called back when the number
 * is known and handed to a case handler when it is not; either way a quality lead looks at why.
 * A long abandon without a number leaves nobody to call back, so nothing follows.
 */
export function followUpKindsFor(cause: FollowUpCause, { hasNumber }: CauseContext): FollowUpKind[] {
  switch (cause) {
    case FollowUpCause.LongAbandon:
    case FollowUpCause.CallbackUnanswered:
      return hasNumber ? [FollowUpKind.Callback] : [];
    case FollowUpCause.OutcomeFollowUp:
      return [FollowUpKind.CaseHandover];
    case FollowUpCause.OutcomeUnresolved:
      return [hasNumber ? FollowUpKind.Callback : FollowUpKind.CaseHandover, FollowUpKind.QualityReview];
    case FollowUpCause.Complaint:
      return [FollowUpKind.QualityReview, FollowUpKind.LeaderConversation];
    case FollowUpCause.OutcomeNotRecorded:
      return [FollowUpKind.RecordOutcome];
    case FollowUpCause.Runaround:
    case FollowUpCause.LowFeedback:
    case FollowUpCause.RepeatContact:
    case FollowUpCause.RandomSample:
      return [FollowUpKind.QualityReview];
    default: {
      const unknown: never = cause;
      throw new Error(`unknown follow-up cause ${String(unknown)}`);
    }
  }
}

const OUTCOME_CAUSES: Partial<Record<OutcomeValue, FollowUpCause>> = {
  [Outcome.FollowUp]: FollowUpCause.OutcomeFollowUp,
  [Outcome.Unresolved]: FollowUpCause.OutcomeUnresolved,
  [Outcome.Complaint]: FollowUpCause.Complaint,
};

/** The cause an agent's outcome raises by itself, if any. */
export function causeOfOutcome(outcome: AgentOutcome): FollowUpCause | null {
  return OUTCOME_CAUSES[outcome] ?? null;
}

/**
 * Whether a well-handled call is drawn for a quality review. Decided by the call's id (random v4
 * bits), not by a die: the same call always gives the same answer, so a retried transaction or a
 * replayed job cannot draw it twice or change its mind, and `rate` of all calls are drawn.
 */
export function isSampledForReview(callId: string, rate: number): boolean {
  if (rate <= 0) return false;
  if (rate >= 1) return true;
  const bits = Number.parseInt(callId.replaceAll('-', '').slice(0, 8), 16);
  return Number.isFinite(bits) && bits / 0x1_0000_0000 < rate;
}

/** How long each kind of follow-up has, from the moment its cause happened. */
export interface FollowUpTerms {
  /** The topic's callback target. */
  callbackTargetMin: number;
  caseHandoverDueHours: number;
  qualityReviewDueDays: number;
  leaderConversationDueDays: number;
  /** How long an agent has to record the outcome of a call whose wrap-up timed out. */
  recordOutcomeDueMin: number;
}

export function followUpDueAt(kind: FollowUpKind, causedAt: Date, terms: FollowUpTerms): Date {
  const minutes = {
    [FollowUpKind.Callback]: terms.callbackTargetMin,
    [FollowUpKind.CaseHandover]: terms.caseHandoverDueHours * 60,
    [FollowUpKind.QualityReview]: terms.qualityReviewDueDays * 1440,
    [FollowUpKind.LeaderConversation]: terms.leaderConversationDueDays * 1440,
    [FollowUpKind.RecordOutcome]: terms.recordOutcomeDueMin,
  }[kind];
  return new Date(causedAt.getTime() + minutes * 60_000);
}

/**
 * Who owns a new follow-up. The agent who recorded an unresolved or follow-up outcome promised the
 * caller something, so the callback or handover is theirs, as is recording the outcome they did not
 * record in time; a callback after an abandon waits in the topic's queue, and reviews and leader
 * conversations are taken by quality leads and supervisors.
 */
export function followUpOwnedByHandlingAgent(kind: FollowUpKind, cause: FollowUpCause): boolean {
  if (kind === FollowUpKind.RecordOutcome) return true;
  return (kind === FollowUpKind.Callback || kind === FollowUpKind.CaseHandover) && cause !== FollowUpCause.LongAbandon;
}

export class IllegalFollowUpStatusChangeError extends DomainError {
  readonly kind = 'conflict';

  constructor(
    readonly from: FollowUpStatus,
    readonly to: FollowUpStatus,
  ) {
    super(`A follow-up that is ${from.replaceAll('_', ' ')} cannot become ${to.replaceAll('_', ' ')}`);
  }
}

/** Thrown when a `record_outcome` to-do is ticked off by hand: it is done when the outcome is recorded. */
export class FollowUpDoneByOutcomeError extends DomainError {
  readonly kind = 'conflict';

  constructor() {
    super("This to-do is done when the call's outcome is recorded: POST /api/calls/{callId}/outcome");
  }
}

const NEXT_STATUSES: Record<FollowUpStatus, readonly FollowUpStatus[]> = {
  [FollowUpStatus.Open]: [FollowUpStatus.InProgress, FollowUpStatus.Done, FollowUpStatus.Cancelled],
  [FollowUpStatus.InProgress]: [FollowUpStatus.Open, FollowUpStatus.Done, FollowUpStatus.Cancelled],
  [FollowUpStatus.Done]: [],
  [FollowUpStatus.Cancelled]: [],
};

/**
 * The status a follow-up may move to next; done and cancelled are final. Same status is no change.
 * A `record_outcome` to-do becomes done only by recording the outcome (the journey does it).
 */
export function changeFollowUpStatus(from: FollowUpStatus, to: FollowUpStatus, kind?: FollowUpKind): FollowUpStatus {
  if (from === to) return to;
  if (kind === FollowUpKind.RecordOutcome && to === FollowUpStatus.Done) throw new FollowUpDoneByOutcomeError();
  if (!NEXT_STATUSES[from].includes(to)) throw new IllegalFollowUpStatusChangeError(from, to);
  return to;
}

/** A change a follow-up cannot take as asked (400): the message says what to give instead. */
export class FollowUpChangeError extends DomainError {
  readonly kind = 'invalid';
}

/** Finishing a follow-up without its result (400): what was done, or why it was cancelled. */
export class FollowUpNeedsResultError extends FollowUpChangeError {
  constructor(to: typeof FollowUpStatus.Done | typeof FollowUpStatus.Cancelled) {
    super(to === FollowUpStatus.Done ? 'A follow-up is done with a result: say what was done' : 'A follow-up is cancelled with a reason: say why in result');
  }
}

/** An agent assigning a follow-up (403): assigning is for supervisors, quality leads and admins. */
export class FollowUpAssignRefusedError extends DomainError {
  readonly kind = 'forbidden';

  constructor() {
    super('Only supervisors and quality leads assign follow-ups');
  }
}

/** What a person asks of a follow-up: its next status, its owner (null: nobody), its result. */
export interface FollowUpChange {
  status?: FollowUpStatus;
  ownerUserId?: string | null;
  result?: string;
}

/**
 * Whether `role` may ask for `change` at all, before the follow-up is looked at.
 * @throws NothingToChangeError, FollowUpAssignRefusedError
 */
export function checkFollowUpChange(change: FollowUpChange, role: Role): void {
  if (change.status === undefined && change.ownerUserId === undefined && change.result === undefined) throw new NothingToChangeError('status, ownerUserId or result');
  if (change.ownerUserId !== undefined && role === Role.Agent) throw new FollowUpAssignRefusedError();
}

/** A follow-up as it stands, as far as a change depends on it. */
export interface FollowUpState {
  status: FollowUpStatus;
  kind: FollowUpKind;
  result: string | null;
}

/** What a change makes of a follow-up: its status and result, and whether it is done by this change. */
export interface FollowUpChangePlan {
  status: FollowUpStatus;
  result: string | null;
  becomesDone: boolean;
}

/**
 * The follow-up after `change`: open → in progress → done, or cancelled; finishing it needs a
 * result (work that went wrong is never dropped silently: whoever cancels it says why), and a
 * finished one is not reassigned.
 * @throws IllegalFollowUpStatusChangeError, FollowUpDoneByOutcomeError, FollowUpNeedsResultError, FollowUpChangeError
 */
export function planFollowUpChange(followUp: FollowUpState, change: FollowUpChange): FollowUpChangePlan {
  const status = change.status ? changeFollowUpStatus(followUp.status, change.status, followUp.kind) : followUp.status;
  const result = change.result?.trim() ?? followUp.result;
  for (const finished of [FollowUpStatus.Done, FollowUpStatus.Cancelled] as const) {
    if (status === finished && followUp.status !== finished && !result) throw new FollowUpNeedsResultError(finished);
  }
  if (!isFollowUpOpen(followUp.status) && change.ownerUserId !== undefined) throw new FollowUpChangeError('A finished follow-up cannot be reassigned');
  return { status, result: result || null, becomesDone: status === FollowUpStatus.Done && followUp.status !== FollowUpStatus.Done };
}

export function isFollowUpOpen(status: FollowUpStatus): boolean {
  return status === FollowUpStatus.Open || status === FollowUpStatus.InProgress;
}

export function followUpTiming(dueAt: Date, now: Date, reminderBeforeMin: number): FollowUpTiming {
  if (dueAt.getTime() <= now.getTime()) return 'overdue';
  return dueAt.getTime() - now.getTime() <= reminderBeforeMin * 60_000 ? 'due_soon' : 'on_track';
}
