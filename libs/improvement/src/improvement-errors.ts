import { DomainError } from '@fc/domain';

/** No improvement action with that id (404). */
export class ImprovementActionNotFoundError extends DomainError {
  readonly kind = 'not_found';

  constructor() {
    super('No such improvement action');
  }
}

/** An action not done has not taken effect: there is nothing to measure yet (409). */
export class ImprovementActionNotInEffectError extends DomainError {
  readonly kind = 'conflict';

  constructor() {
    super('Only a done action has taken effect: its effect is measured once it is marked done');
  }
}
