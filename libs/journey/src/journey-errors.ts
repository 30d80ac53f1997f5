import { DomainError } from '@fc/domain';

export class CallNotFoundError extends DomainError {
  readonly kind = 'not_found';
  constructor() {
    super('Call not found');
  }
}

/** The agent handled the call earlier, but it is not theirs to act on now. */
export class CallNoLongerYoursError extends DomainError {
  readonly kind = 'conflict';
  constructor() {
    super('This call is no longer offered to or connected with you');
  }
}

export class OfferExpiredError extends DomainError {
  readonly kind = 'conflict';
  constructor() {
    super('The offer has expired');
  }
}

export class UnknownTopicError extends DomainError {
  readonly kind = 'invalid';
  constructor(topicKey: string) {
    super(`Unknown topicKey "${topicKey}"`);
  }
}

export class UnknownLanguageError extends DomainError {
  readonly kind = 'invalid';
  constructor(language: string) {
    super(`Unknown language "${language}"`);
  }
}

export class InvalidCallerNumberError extends DomainError {
  readonly kind = 'invalid';
  constructor() {
    super('callerNumber is not a valid phone number');
  }
}

export class CallbackNeedsNumberError extends DomainError {
  readonly kind = 'conflict';
  constructor() {
    super('The caller withheld their number, so no callback can be made');
  }
}

export class TransferTargetError extends DomainError {
  readonly kind: 'invalid' | 'conflict';
  constructor(kind: 'invalid' | 'conflict', message: string) {
    super(message);
    this.kind = kind;
  }
}

export class AgentNotFoundError extends DomainError {
  readonly kind = 'not_found';
  constructor() {
    super('Agent not found');
  }
}

/** A known `externalId` arrived again with another topic, language or caller number: not a replay. */
export class ReplayMismatchError extends DomainError {
  readonly kind = 'conflict';
  constructor(externalId: string) {
    super(`externalId "${externalId}" is already a call with another topic, language or caller number`);
  }
}

/** A callback follow-up whose call cannot be sent, or taken back, now: not an open callback, or its call is under way. */
export class CallbackConflictError extends DomainError {
  readonly kind = 'conflict';
}
