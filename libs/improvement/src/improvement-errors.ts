import { DomainError } from '@fc/domain';

/** No improvement action with that id (404). */
export class ImprovementActionNotFoundError extends DomainError {
  readonly kind = 'not_found';

  constructor() {
    super('No such improvement action');
  }
}
