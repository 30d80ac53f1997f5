import { minutesOf, type ScenarioGroup } from '@fc/simulation';

const DAY_SEC = 86_400;

export type Duty = { kind: 'offline' } | { kind: 'available' } | { kind: 'break'; untilSec: number };

/**
 * One agent's shift and breaks on the simulated clock, as the offline engine plays them: on duty
 * from the shift's start to its end; a break falls due at its time and starts once the agent is
 * free (the call in hand comes first), lasting its minutes from then; after the shift's end the
 * agent logs off once free. A run that starts mid-shift counts the breaks already over as taken
 * and joins one still running.
 */
export class DutyRoster {
  private readonly taken = new Set<string>();
  private breakUntilSec: number | null = null;

  constructor(
    private readonly shift: ScenarioGroup['shift'],
    startSec: number,
  ) {
    const day = Math.floor(startSec / DAY_SEC);
    const timeOfDay = startSec - day * DAY_SEC;
    for (const [i, pause] of shift.breaks.entries()) {
      const at = minutesOf(pause.at) * 60;
      if (at > timeOfDay) continue;
      this.taken.add(`${day}:${i}`);
      const until = at + pause.minutes * 60;
      if (timeOfDay < until && this.onShift(timeOfDay)) this.breakUntilSec = day * DAY_SEC + until;
    }
  }

  /**
   * What the agent should be doing at `nowSec` (simulated seconds), asked when they have no call
   * in hand. Asking when a break is due starts it.
   */
  dutyWhenFree(nowSec: number): Duty {
    const day = Math.floor(nowSec / DAY_SEC);
    const timeOfDay = nowSec - day * DAY_SEC;
    const onShift = this.onShift(timeOfDay);
    if (this.breakUntilSec !== null && nowSec < this.breakUntilSec) return onShift ? { kind: 'break', untilSec: this.breakUntilSec } : { kind: 'offline' };
    this.breakUntilSec = null;
    if (!onShift) return { kind: 'offline' };
    const due = this.shift.breaks.findIndex((pause, i) => !this.taken.has(`${day}:${i}`) && minutesOf(pause.at) * 60 <= timeOfDay);
    if (due >= 0) {
      this.taken.add(`${day}:${due}`);
      this.breakUntilSec = nowSec + this.shift.breaks[due]!.minutes * 60;
      return { kind: 'break', untilSec: this.breakUntilSec };
    }
    return { kind: 'available' };
  }

  /** Whether the agent's shift covers this time of day. */
  onShift(timeOfDaySec: number): boolean {
    return timeOfDaySec >= minutesOf(this.shift.start) * 60 && timeOfDaySec < minutesOf(this.shift.end) * 60;
  }
}
