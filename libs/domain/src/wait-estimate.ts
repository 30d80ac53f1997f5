/**
 * The wait a caller in line can expect (DESIGN §11), said to them by the platform.
 *
 * Method: with `idle` qualified agents free, the first `idle` callers in line are offered at once.
 * Each caller behind them waits for agents to finish calls. With `staffed` qualified agents on
 * calls, and handle times taken as exponential with mean `meanHandleSec` (so an agent's time to
 * finish is the same whenever one looks), calls end at a rate of `staffed / meanHandleSec`. The
 * caller at place k behind the idle agents waits for k of those ends: k · meanHandleSec / staffed.
 * With nobody qualified logged in the estimate is null: no honest number exists.
 *
 * Its error is measured, not assumed: the simulator compares each estimate with the wait that
 * followed and reports the mean absolute error per topic.
 */
export interface WaitEstimateInput {
  /** The caller's place in line, 1 for the next to be offered. */
  position: number;
  /** Qualified agents logged in and available now. */
  idle: number;
  /** Qualified agents logged in and taken by a call (offered, talking or wrapping up). */
  busy: number;
  /** Recent mean handle time (talk plus wrap-up) of the queue's calls, in seconds. */
  meanHandleSec: number;
}

export function estimateWaitSec({ position, idle, busy, meanHandleSec }: WaitEstimateInput): number | null {
  if (position <= idle) return 0;
  if (busy <= 0) return null;
  const endsToWaitFor = position - idle;
  return Math.round((endsToWaitFor * meanHandleSec) / busy);
}
