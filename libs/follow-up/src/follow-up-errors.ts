import { DomainError } from '@fc/domain';

/** No follow-up with that id, or (for an agent) none of theirs (404): an agent learns nothing of others' follow-ups. */
export class FollowUpNotFoundError extends DomainError {
  readonly kind = 'not_found';

  constructor() {
    super('No such follow-up');
  }
}
