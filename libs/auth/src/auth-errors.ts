import { DomainError } from '@fc/domain';

/** A sign-in with an unknown username, a wrong password or a deactivated account (401): which of them is not said. */
export class WrongCredentialsError extends DomainError {
  readonly kind = 'unauthenticated';

  constructor() {
    super('Wrong username or password');
  }
}
