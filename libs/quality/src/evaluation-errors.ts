import { DomainError } from '@fc/domain';

/** No evaluation form with that id or key (404). */
export class EvaluationFormNotFoundError extends DomainError {
  readonly kind = 'not_found';

  constructor() {
    super('No such evaluation form');
  }
}

/** A form's key is taken (409): keys are never reused. */
export class EvaluationFormExistsError extends DomainError {
  readonly kind = 'conflict';

  constructor(key: string) {
    super(`An evaluation form with key "${key}" exists`);
  }
}

/** A retired form is not scored with (409): an administrator reactivates it first. */
export class EvaluationFormRetiredError extends DomainError {
  readonly kind = 'conflict';

  constructor(key: string) {
    super(`The evaluation form "${key}" is retired: score with an active form`);
  }
}

/** No evaluation with that id, or none of this agent's calls (404: they learn nothing of others'). */
export class EvaluationNotFoundError extends DomainError {
  readonly kind = 'not_found';

  constructor() {
    super('No such evaluation');
  }
}

/** An evaluation is acknowledged once (409). */
export class EvaluationAcknowledgedError extends DomainError {
  readonly kind = 'conflict';

  constructor() {
    super('This evaluation is acknowledged already');
  }
}

/** No calibration with that id (404). */
export class CalibrationNotFoundError extends DomainError {
  readonly kind = 'not_found';

  constructor() {
    super('No such calibration');
  }
}

/** Participants a calibration cannot have (400): unknown, inactive or not quality leads, or too few. */
export class CalibrationParticipantsError extends DomainError {
  readonly kind = 'invalid';
}

/** Not a participant of an open calibration (403): its scores are blind until it closes. */
export class NotCalibrationParticipantError extends DomainError {
  readonly kind = 'forbidden';

  constructor() {
    super('Only its participants see an open calibration');
  }
}

/** Only the quality lead who started a calibration closes it early (403). */
export class NotCalibrationStarterError extends DomainError {
  readonly kind = 'forbidden';

  constructor() {
    super('Only the quality lead who started the calibration may close it');
  }
}

/** A closed calibration takes no more scores and cannot close again (409). */
export class CalibrationClosedError extends DomainError {
  readonly kind = 'conflict';

  constructor() {
    super('The calibration is closed');
  }
}

/** A participant scores a calibration once (409). */
export class CalibrationScoredError extends DomainError {
  readonly kind = 'conflict';

  constructor() {
    super('You have scored this calibration already');
  }
}
