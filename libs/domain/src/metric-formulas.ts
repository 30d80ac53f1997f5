import { CallState, Outcome } from '@fc/contracts';

/*
 * The figures of DESIGN §7, as pure functions. Each call contributes a tally of counts and sums;
 * tallies add up (per topic, agent, team or interval, and across rollup rows), and the figures are
 * computed from a tally at the end, each with the counts behind it so a reader can check it.
 */

/** A caller who hangs up within this many seconds of queueing is a short abandon. */
export const SHORT_ABANDON_SEC = 5;
/** Default window for repeat contacts: same caller key, same topic, within 7 days. */
export const DEFAULT_REPEAT_WINDOW_DAYS = 7;
/** A call back this soon after being transferred is a dropped transfer, not a repeat contact. */
export const TRANSFER_CALLBACK_GRACE_MIN = 15;

/** The service-level threshold T when nothing says otherwise (DESIGN §3: 80 % within 20 s). */
export const DEFAULT_SERVICE_LEVEL_THRESHOLD_SEC = 20;

/** Outcomes that count as the need met (FCR's numerator). */
export const RESOLVING_OUTCOMES: ReadonlySet<string> = new Set([Outcome.Resolved, Outcome.SelfService, Outcome.Referred]);

/** What the figures need to know about one call. */
export interface CallFacts {
  state: CallState;
  arrivedAt: Date;
  /** When the call entered a queue; null if the caller never got that far. */
  queuedAt: Date | null;
  answeredAt: Date | null;
  /** Talk ended, or the caller hung up. */
  endedAt: Date | null;
  completedAt: Date | null;
  transferCount: number;
  outcome: Outcome | null;
  /** The service-level threshold T of the queue the call first entered, in seconds, as it was then. */
  serviceLevelThresholdSec: number;
  /** False for a withheld number: no caller key, left out of repeat counting. */
  hasCallerKey: boolean;
  /** When a repeat contact about the same topic arrived within the window; null if none (yet). */
  repeatContactAt: Date | null;
  /**
   * The agents' talk and wrap-up, summed over the call's journey (`attributeCall` gives it). Without
   * it, answer → completion: the same for a call never transferred to a topic, which has no wait
   * after its answer.
   */
  handleSec?: number;
}

/**
 * One contribution to the figures — a call's (whole-centre rows), a queue visit's (topic rows) or an
 * agent's leg (agent and team rows; see call-attribution.ts) — or the sum of many: every field adds up.
 */
export interface CallTally {
  /** Calls (visits, legs) that entered a queue. */
  offered: number;
  /** Of those, visits that began with a transfer to the topic, or legs received by a direct transfer. */
  transferredIn: number;
  answered: number;
  /** Answered from a queue: the base of service level and ASA (all answers but legs received by direct transfer). */
  answeredFromQueue: number;
  answeredWithinTarget: number;
  abandoned: number;
  /** Abandoned within {@link SHORT_ABANDON_SEC} of queueing. */
  shortAbandons: number;
  /** Sum of answered − queued over those answered from a queue, for ASA. */
  answerWaitSec: number;
  /** Answered calls that completed (visits and legs: that ended, by transfer or completion), and the sum of their talk and wrap-up, for AHT. */
  handled: number;
  handleSec: number;
  /**
   * Answered calls with at least one transfer, and with two or more (the runaround). For a visit or a
   * leg: that passed the call on, and whose transfer left the call with two or more.
   */
  transferred: number;
  runaround: number;
  /** Answered calls whose agent recorded an outcome (not `not_recorded`): FCR's denominator. */
  withOutcome: number;
  notRecorded: number;
  resolved: number;
  /** Resolved by the first agent, without transfer. */
  resolvedFirstLine: number;
  /** With an outcome and a caller key: the repeat-adjusted FCR's denominator. */
  withOutcomeKnownCaller: number;
  /** Of those, resolved with no repeat contact within the window. */
  resolvedNoRepeat: number;
  /** Of those, whose window is still open: resolved for now, but a repeat may still come. */
  provisional: number;
}

export const TALLY_FIELDS = [
  'offered',
  'transferredIn',
  'answered',
  'answeredFromQueue',
  'answeredWithinTarget',
  'abandoned',
  'shortAbandons',
  'answerWaitSec',
  'handled',
  'handleSec',
  'transferred',
  'runaround',
  'withOutcome',
  'notRecorded',
  'resolved',
  'resolvedFirstLine',
  'withOutcomeKnownCaller',
  'resolvedNoRepeat',
  'provisional',
] as const satisfies readonly (keyof CallTally)[];

export function emptyTally(): CallTally {
  return Object.fromEntries(TALLY_FIELDS.map((field) => [field, 0])) as unknown as CallTally;
}

export function addTallies(...tallies: readonly CallTally[]): CallTally {
  const sum = emptyTally();
  for (const tally of tallies) for (const field of TALLY_FIELDS) sum[field] += tally[field];
  return sum;
}

const seconds = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 1000;

/**
 * What one call adds to the figures, as of `now` (only the repeat-adjusted figure depends on it:
 * a call whose window has not closed is provisional).
 */
export function tallyCall(call: CallFacts, now: Date, repeatWindowDays = DEFAULT_REPEAT_WINDOW_DAYS): CallTally {
  const tally = emptyTally();
  if (!call.queuedAt) return tally;
  tally.offered = 1;
  if (call.state === CallState.Abandoned && !call.answeredAt) {
    tally.abandoned = 1;
    if (call.endedAt && seconds(call.queuedAt, call.endedAt) < SHORT_ABANDON_SEC) tally.shortAbandons = 1;
    return tally;
  }
  if (!call.answeredAt) return tally;
  tally.answered = 1;
  tally.answeredFromQueue = 1;
  const wait = seconds(call.queuedAt, call.answeredAt);
  tally.answerWaitSec = wait;
  if (wait <= call.serviceLevelThresholdSec) tally.answeredWithinTarget = 1;
  if (call.transferCount >= 1) tally.transferred = 1;
  if (call.transferCount >= 2) tally.runaround = 1;
  if (call.state !== CallState.Completed || !call.completedAt) return tally;
  tally.handled = 1;
  tally.handleSec = call.handleSec ?? seconds(call.answeredAt, call.completedAt);
  addOutcome(tally, call, now, repeatWindowDays);
  return tally;
}

/**
 * Adds what the outcome of a completed, answered call counts — FCR, first-line resolution, not
 * recorded, the repeat-adjusted FCR — to `tally`: the call's own, or that of the visit and the leg
 * that finished it.
 */
export function addOutcome(
  tally: CallTally,
  call: Pick<CallFacts, 'outcome' | 'transferCount' | 'hasCallerKey' | 'repeatContactAt' | 'arrivedAt'>,
  now: Date,
  repeatWindowDays = DEFAULT_REPEAT_WINDOW_DAYS,
): void {
  if (!call.outcome || call.outcome === Outcome.NotRecorded) {
    if (call.outcome === Outcome.NotRecorded) tally.notRecorded += 1;
    return;
  }
  tally.withOutcome += 1;
  const resolved = RESOLVING_OUTCOMES.has(call.outcome);
  if (resolved) tally.resolved += 1;
  if (resolved && call.transferCount === 0) tally.resolvedFirstLine += 1;
  if (call.hasCallerKey) {
    tally.withOutcomeKnownCaller += 1;
    if (resolved && !call.repeatContactAt) {
      tally.resolvedNoRepeat += 1;
      if (!repeatWindowClosed(call.arrivedAt, now, repeatWindowDays)) tally.provisional += 1;
    }
  }
}

/** Whether a repeat contact can no longer arrive for a call that arrived at `arrivedAt`. */
export function repeatWindowClosed(arrivedAt: Date, now: Date, repeatWindowDays = DEFAULT_REPEAT_WINDOW_DAYS): boolean {
  return now.getTime() - arrivedAt.getTime() > repeatWindowDays * 86_400_000;
}

/** A share, with what it was computed from. `value` is null when the denominator is 0. */
export interface Ratio {
  value: number | null;
  numerator: number;
  denominator: number;
}

/** A mean, with what it was computed from. `value` is null when there is nothing to average. */
export interface Mean {
  value: number | null;
  sum: number;
  count: number;
}

export const ratio = (numerator: number, denominator: number): Ratio => ({ value: denominator > 0 ? numerator / denominator : null, numerator, denominator });
export const mean = (sum: number, count: number): Mean => ({ value: count > 0 ? sum / count : null, sum, count });

/** The call figures of DESIGN §7 from a tally. */
export interface CallFigures {
  offered: number;
  /** Visits that began with a transfer to the topic (topic rows), legs received by a direct transfer (agent rows). */
  transferredIn: number;
  answered: number;
  abandoned: number;
  shortAbandons: number;
  /** Answered within T / (answered from a queue + abandoned − short abandons). */
  serviceLevel: Ratio;
  /** Mean of answered − queued over calls answered from a queue. */
  asaSec: Mean;
  /** (Abandoned − short abandons) / (offered − short abandons). */
  abandonmentRate: Ratio;
  /** Mean of talk + hold + wrap-up (there is no hold; a wait after a transfer is not handle time) over handled calls. */
  ahtSec: Mean;
  /** Answered calls with ≥ 1 transfer / answered. */
  transferRate: Ratio;
  /** Answered calls with ≥ 2 transfers / answered. */
  runaroundRate: Ratio;
  /** Outcome resolved, self-service or referred / answered calls with an outcome. */
  fcr: Ratio;
  /** Resolved by the first agent without transfer / answered calls with an outcome. */
  firstLineResolution: Ratio;
  /**
   * Resolved with no repeat contact (same caller key and topic) within the window / answered calls
   * with an outcome and a known caller; `provisional` of the numerator may still get a repeat.
   */
  repeatAdjustedFcr: Ratio & { provisional: number };
  /** Calls whose wrap-up timed out without an outcome: a figure of its own. */
  notRecorded: number;
}

export function callFigures(t: CallTally): CallFigures {
  return {
    offered: t.offered,
    answered: t.answered,
    abandoned: t.abandoned,
    shortAbandons: t.shortAbandons,
    serviceLevel: ratio(t.answeredWithinTarget, t.answeredFromQueue + t.abandoned - t.shortAbandons),
    asaSec: mean(t.answerWaitSec, t.answeredFromQueue),
    abandonmentRate: ratio(t.abandoned - t.shortAbandons, t.offered - t.shortAbandons),
    ahtSec: mean(t.handleSec, t.handled),
    transferRate: ratio(t.transferred, t.answered),
    runaroundRate: ratio(t.runaround, t.answered),
    fcr: ratio(t.resolved, t.withOutcome),
    firstLineResolution: ratio(t.resolvedFirstLine, t.withOutcome),
    repeatAdjustedFcr: { ...ratio(t.resolvedNoRepeat, t.withOutcomeKnownCaller), provisional: t.provisional },
    notRecorded: t.notRecorded,
    // Last, so the CSV's existing columns keep their places: a new column is appended.
    transferredIn: t.transferredIn,
  };
}

/** An agent's time in one state, from the agents' log. */
export interface StateSpan {
  state: string;
  seconds: number;
}

/** Occupancy = (on_call + wrap_up time) / (logged-in time − break time); `reserved` counts as logged in, not busy. */
export function occupancy(spans: readonly StateSpan[]): Ratio {
  let busy = 0;
  let working = 0;
  for (const { state, seconds } of spans) {
    if (state === 'offline' || state === 'break') continue;
    working += seconds;
    if (state === 'on_call' || state === 'wrap_up') busy += seconds;
  }
  return ratio(busy, working);
}

/** Follow-up on time = follow-ups done before they fell due / follow-ups that fell due. */
export function followUpOnTime(doneBeforeDue: number, due: number): Ratio {
  return ratio(doneBeforeDue, due);
}

/** CSAT = answers scoring 4 or 5 / answers received; response rate = answers received / invitations sent. */
export function citizenFeedback(positive: number, received: number, invited: number): { csat: Ratio; responseRate: Ratio } {
  return { csat: ratio(positive, received), responseRate: ratio(received, invited) };
}
