import { DomainError } from '@fc/domain';

/** A report asked for in a way it cannot be made (400): the message says what to change. */
export class MetricsQueryError extends DomainError {
  readonly kind = 'invalid';
}

/** Every report thread is busy and the queue is full (503): come back in a moment. */
export class ReportsBusyError extends DomainError {
  readonly kind = 'unavailable';

  constructor(running: number, waiting: number) {
    super(`${running} reports are being prepared and ${waiting} wait: try again in a moment`);
  }
}

/** A report's query ran past the statement timeout and was stopped (503): ask for less. */
export class ReportTimedOutError extends DomainError {
  readonly kind = 'unavailable';

  constructor(timeoutSec: number) {
    super(`the report took longer than ${timeoutSec} s and was stopped: ask for a shorter range, a coarser interval or a coarser grouping`);
  }
}
