import { DomainError } from '@fc/domain';

/** A change to topics, skills or agents' skills that cannot be made as asked (400): the message says why. */
export class CatalogChangeError extends DomainError {
  readonly kind = 'invalid';
}

/** A change to a user that cannot be made as asked (400): the message says why. */
export class UserChangeError extends DomainError {
  readonly kind = 'invalid';
}

/** A topic's or skill's key is taken (409). */
export class CatalogKeyTakenError extends DomainError {
  readonly kind = 'conflict';

  constructor(what: 'topic' | 'skill', key: string) {
    super(`A ${what} with key "${key}" exists`);
  }
}

/** A username is taken (409). */
export class UsernameTakenError extends DomainError {
  readonly kind = 'conflict';

  constructor(username: string) {
    super(`A user with username "${username}" exists`);
  }
}

/** No topic with that key (404). */
export class TopicNotFoundError extends DomainError {
  readonly kind = 'not_found';

  constructor(key: string) {
    super(`No topic with key "${key}"`);
  }
}

/** No user with that id (404). */
export class UserNotFoundError extends DomainError {
  readonly kind = 'not_found';

  constructor() {
    super('User not found');
  }
}

/** An administrator deactivating themselves or giving up their own role (409): another administrator must. */
export class OwnAdministratorAccessError extends DomainError {
  readonly kind = 'conflict';

  constructor() {
    super('You cannot deactivate yourself or give up your own administrator role; ask another administrator');
  }
}

/** A change that would take an agent off the phones in the middle of a call (409). */
export class UserOnCallError extends DomainError {
  readonly kind = 'conflict';

  constructor(username: string) {
    super(`${username} is on a call or in wrap-up; change this when the call has ended`);
  }
}
