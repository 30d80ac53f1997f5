import { DomainError } from '@fc/domain';

/** No review with that id (404). */
export class ReviewNotFoundError extends DomainError {
  readonly kind = 'not_found';

  constructor() {
    super('No such review');
  }
}

/** No root cause with that key (404). */
export class RootCauseNotFoundError extends DomainError {
  readonly kind = 'not_found';

  constructor(key: string) {
    super(`No root cause with key "${key}"`);
  }
}

/** A root cause's key is taken (409): keys are never reused, as reviews keep them. */
export class RootCauseExistsError extends DomainError {
  readonly kind = 'conflict';

  constructor(key: string) {
    super(`A root cause with key "${key}" exists`);
  }
}
