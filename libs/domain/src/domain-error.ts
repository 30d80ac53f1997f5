/**
 * How a use-case error should be answered: bad input, not found, refused in the current state,
 * not this person's to do, wrong credentials, or not now (the service is busy).
 */
export type DomainErrorKind = 'invalid' | 'not_found' | 'conflict' | 'forbidden' | 'unauthenticated' | 'unavailable';

/** Base of every error a use-case raises on purpose; transports map `kind` to their own codes. */
export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;

  constructor(message: string) {
    super(message);
    // The subclass's own name (`UsernameTakenError`), in logs and stack traces.
    this.name = new.target.name;
  }
}

/** A change that asks for nothing (400): the message lists what may be given. */
export class NothingToChangeError extends DomainError {
  readonly kind = 'invalid';

  constructor(fields: string) {
    super(`Nothing to change: give ${fields}`);
  }
}
