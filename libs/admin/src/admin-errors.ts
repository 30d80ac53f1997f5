import { DomainError } from '@fc/domain';

export class AdminInputError extends DomainError {
  readonly kind = 'invalid';
}

export class AdminNotFoundError extends DomainError {
  readonly kind = 'not_found';
}

export class AdminConflictError extends DomainError {
  readonly kind = 'conflict';
}
