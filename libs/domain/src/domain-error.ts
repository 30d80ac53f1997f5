/** How a use-case error should be answered: bad input, not found, or refused in the current state. */
export type DomainErrorKind = 'invalid' | 'not_found' | 'conflict';

/** Base of every error a use-case raises on purpose; transports map `kind` to their own codes. */
export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
}
