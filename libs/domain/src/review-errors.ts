import { ReviewStatus } from '@fc/contracts';
import { DomainError } from './domain-error.js';

/** A status change out of open → in progress → done (409). */
export class IllegalReviewStatusChangeError extends DomainError {
  readonly kind = 'conflict';

  constructor(
    readonly from: ReviewStatus,
    readonly to: ReviewStatus,
  ) {
    super(`A review that is ${from.replaceAll('_', ' ')} cannot become ${to.replaceAll('_', ' ')}${from === ReviewStatus.Done ? ': a done review is final' : ''}`);
  }
}

/** A change a review cannot take as asked (400): the message says what to give instead. */
export class ReviewChangeError extends DomainError {
  readonly kind = 'invalid';
}

/** A change to a done review's findings (409): the insight report has counted them and the agent has seen them. */
export class ReviewFinalError extends DomainError {
  readonly kind = 'conflict';

  constructor(what: string) {
    super(`A done review is final: its ${what} cannot change (its learning and sharing still can)`);
  }
}
