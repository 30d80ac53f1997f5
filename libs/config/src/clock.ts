/**
 * The time as the application reads it where a test must control it (follow-up reminders and
 * escalation). Tests hand a {@link ManualClock} to the app; production uses the system clock.
 */
export class Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that stands still until told to move. */
export class ManualClock extends Clock {
  constructor(private current: Date) {
    super();
  }

  override now(): Date {
    return new Date(this.current);
  }

  set(at: Date): void {
    this.current = new Date(at);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
