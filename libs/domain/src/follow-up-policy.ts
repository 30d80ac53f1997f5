import { FollowUpCause, FollowUpKind, FollowUpStatus, Outcome, type AgentOutcome, type FollowUpTiming, type Outcome as OutcomeValue } from '@fc/contracts';
import { DomainError } from './domain-error.js';

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
    this.name = 'IllegalFollowUpStatusChangeError';
  }
}

/** Thrown when a `record_outcome` to-do is ticked off by hand: it is done when the outcome is recorded. */
export class FollowUpDoneByOutcomeError extends DomainError {
  readonly kind = 'conflict';

  constructor() {
    super('This to-do is done when the call\'s outcome is recorded: POST /api/calls/{callId}/outcome');
    this.name = 'FollowUpDoneByOutcomeError';
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

export function isFollowUpOpen(status: FollowUpStatus): boolean {
  return status === FollowUpStatus.Open || status === FollowUpStatus.InProgress;
}

export function followUpTiming(dueAt: Date, now: Date, reminderBeforeMin: number): FollowUpTiming {
  if (dueAt.getTime() <= now.getTime()) return 'overdue';
  return dueAt.getTime() - now.getTime() <= reminderBeforeMin * 60_000 ? 'due_soon' : 'on_track';
}
