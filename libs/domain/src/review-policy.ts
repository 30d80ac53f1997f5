import { ReviewStatus } from '@fc/contracts';
import { IllegalReviewStatusChangeError, ReviewChangeError, ReviewFinalError } from './review-errors.js';

/** Longest agent feedback and learning text, in characters. */
export const REVIEW_TEXT_MAX = 2000;

const NEXT_STATUS: Record<ReviewStatus, ReviewStatus | null> = {
  [ReviewStatus.Open]: ReviewStatus.InProgress,
  [ReviewStatus.InProgress]: ReviewStatus.Done,
  [ReviewStatus.Done]: null,
};

/**
 * The status a review may move to: open → in progress → done, one step at a time, never back;
 * done is final. The same status again is no change.
 */
export function changeReviewStatus(from: ReviewStatus, to: ReviewStatus): ReviewStatus {
  if (from === to) return to;
  if (NEXT_STATUS[from] !== to) throw new IllegalReviewStatusChangeError(from, to);
  return to;
}

/** The parts of a review a change is judged against. */
export interface ReviewFindings {
  status: ReviewStatus;
  reviewerUserId: string | null;
  rootCauses: readonly string[];
  agentFeedback: string | null;
  learning: string | null;
  learningShared: boolean;
}

/** What a quality lead asks to change; absent fields stay as they are, `null` clears a text. */
export interface ReviewChange {
  status?: ReviewStatus;
  rootCauses?: readonly string[];
  agentFeedback?: string | null;
  learning?: string | null;
  learningShared?: boolean;
  take?: boolean;
}

export interface ReviewChangeContext {
  actorUserId: string;
  now: Date;
  /** Keys of the root causes that are active now (only those may be recorded). */
  activeRootCauses: readonly string[];
}

/** The columns a change writes. */
export interface ReviewPatch {
  status?: ReviewStatus;
  reviewerUserId?: string;
  rootCauses?: string[];
  agentFeedback?: string | null;
  learning?: string | null;
  learningShared?: boolean;
  reviewedAt?: Date;
}

/** The columns to write, and what the change means for the review's quality-review follow-up. */
export interface ReviewChangePlan {
  patch: ReviewPatch;
  /** The review is in progress with a new reviewer: its follow-up is under way, owned by them. */
  assigned: boolean;
  /** The review is done now: its follow-up is done. */
  completed: boolean;
}

/**
 * Decides a change to a review (PATCH /api/reviews/:id) or refuses it:
 * - status moves by {@link changeReviewStatus}; `take` makes the actor the reviewer and starts an
 *   open review; whoever starts a review nobody has taken becomes its reviewer;
 * - done needs at least one root cause, and stamps the time and the reviewer who completed it;
 * - root causes are active keys of the taxonomy, each once;
 * - a shared learning needs a learning text;
 * - a done review's status, root causes and agent feedback are final (the insight report and the
 *   agent have seen them); its learning and whether it is shared may still change.
 */
export function planReviewChange(review: ReviewFindings, change: ReviewChange, context: ReviewChangeContext): ReviewChangePlan {
  const given = (Object.keys(change) as (keyof ReviewChange)[]).filter((field) => change[field] !== undefined);
  if (given.length === 0) throw new ReviewChangeError('Nothing to change: give status, rootCauses, agentFeedback, learning, learningShared or take');

  const wasDone = review.status === ReviewStatus.Done;
  if (wasDone) {
    if (change.status !== undefined) changeReviewStatus(review.status, change.status);
    if (change.rootCauses !== undefined) throw new ReviewFinalError('root causes');
    if (change.agentFeedback !== undefined) throw new ReviewFinalError('feedback to the agent');
    if (change.take) throw new ReviewFinalError('reviewer');
  }

  const patch: ReviewPatch = {};
  let status = review.status;
  if (change.take) {
    patch.reviewerUserId = context.actorUserId;
    // Taking an open review starts it; a status asked for as well is judged from in progress.
    if (status === ReviewStatus.Open) status = ReviewStatus.InProgress;
  }
  if (change.status !== undefined) status = changeReviewStatus(status, change.status);
  // Whoever starts a review nobody has taken becomes its reviewer.
  if (status === ReviewStatus.InProgress && review.status === ReviewStatus.Open && !review.reviewerUserId) patch.reviewerUserId ??= context.actorUserId;
  if (status !== review.status) patch.status = status;

  if (change.rootCauses !== undefined) {
    const seen = new Set<string>();
    for (const key of change.rootCauses) {
      if (seen.has(key)) throw new ReviewChangeError(`rootCauses lists "${key}" twice`);
      seen.add(key);
      if (!context.activeRootCauses.includes(key)) throw new ReviewChangeError(`rootCauses: "${key}" is not an active root cause`);
    }
    patch.rootCauses = [...change.rootCauses];
  }
  for (const field of ['agentFeedback', 'learning'] as const) {
    const value = change[field];
    if (value === undefined) continue;
    const trimmed = value?.trim() ?? '';
    if (trimmed.length > REVIEW_TEXT_MAX) throw new ReviewChangeError(`${field} must be at most ${REVIEW_TEXT_MAX} characters`);
    patch[field] = trimmed || null;
  }
  if (change.learningShared !== undefined) patch.learningShared = change.learningShared;

  const learning = patch.learning !== undefined ? patch.learning : review.learning;
  const shared = patch.learningShared ?? review.learningShared;
  if (shared && !learning) throw new ReviewChangeError('A shared learning needs a learning text: give learning, or learningShared false');

  const assigned = status === ReviewStatus.InProgress && patch.reviewerUserId !== undefined;
  const completed = status === ReviewStatus.Done && !wasDone;
  if (completed) {
    const rootCauses = patch.rootCauses ?? review.rootCauses;
    if (rootCauses.length === 0) throw new ReviewChangeError('A review is done with at least one root cause: give rootCauses');
    patch.reviewedAt = context.now;
    patch.reviewerUserId = context.actorUserId;
  }
  return { patch, assigned, completed };
}
