const DAY_SEC = 86_400;

/**
 * The live mode's simulated clock: seconds since midnight of the first simulated day, running
 * `scale` times as fast as real time from the moment it starts. It can skip forward (a looping
 * run skips the night), never back. Real time comes from `realNowMs`, so tests can drive it.
 */
export class SimulatedClock {
  private originMs: number | null = null;
  private skippedSec = 0;

  constructor(
    readonly startSec: number,
    readonly scale: number,
    private readonly realNowMs: () => number = Date.now,
  ) {
    if (!(scale > 0)) throw new RangeError(`the time scale must be above 0, not ${scale}`);
  }

  /** Starts the clock at `startSec`, now. */
  start(): void {
    this.originMs ??= this.realNowMs();
  }

  get started(): boolean {
    return this.originMs !== null;
  }

  /** Simulated seconds since midnight of the first day (`startSec` until started). */
  nowSec(): number {
    return this.startSec + this.skippedSec + this.elapsedRealSec() * this.scale;
  }

  /** Real seconds since the clock started. */
  elapsedRealSec(): number {
    return this.originMs === null ? 0 : Math.max(0, this.realNowMs() - this.originMs) / 1000;
  }

  /** Which simulated day it is: 0 for the first. */
  day(): number {
    return Math.floor(this.nowSec() / DAY_SEC);
  }

  /** Seconds since the simulated midnight. */
  timeOfDaySec(): number {
    return this.nowSec() - this.day() * DAY_SEC;
  }

  /** How long a simulated duration lasts in real time, in milliseconds. */
  realMs(simulatedSec: number): number {
    return Math.max(0, (simulatedSec / this.scale) * 1000);
  }

  /** Real milliseconds until the clock reads `simulatedSec` (0 if it has passed). */
  realMsUntil(simulatedSec: number): number {
    return this.realMs(simulatedSec - this.nowSec());
  }

  /** Jumps forward to `simulatedSec`; what was scheduled by real time keeps its real time. */
  skipTo(simulatedSec: number): void {
    const ahead = simulatedSec - this.nowSec();
    if (ahead > 0) this.skippedSec += ahead;
  }
}

/** `HH:MM:SS` of a simulated time, with the day after the first: `day 2 07:00:00`. */
export function formatSimulatedTime(sec: number): string {
  const day = Math.floor(sec / DAY_SEC);
  const ofDay = Math.floor(sec - day * DAY_SEC);
  const hh = String(Math.floor(ofDay / 3600)).padStart(2, '0');
  const mm = String(Math.floor((ofDay % 3600) / 60)).padStart(2, '0');
  const ss = String(ofDay % 60).padStart(2, '0');
  return `${day > 0 ? `day ${day + 1} ` : ''}${hh}:${mm}:${ss}`;
}

/** `m:ss` or `h:mm:ss` of a real duration. */
export function formatDuration(sec: number): string {
  const whole = Math.max(0, Math.floor(sec));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
