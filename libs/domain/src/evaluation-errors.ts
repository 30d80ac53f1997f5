import { DomainError } from './domain-error.js';

/** Scores a form version cannot take (400): a criterion unanswered or unknown, a value off its scale, or n/a where it is not allowed. */
export class EvaluationScoresError extends DomainError {
  readonly kind = 'invalid';
}

/** Criteria a form cannot have (400): the message says which rule they break. */
export class EvaluationFormCriteriaError extends DomainError {
  readonly kind = 'invalid';
}
