/**
 * Erlang C (M/M/N): calls arrive as a Poisson stream, handle times are exponential, N agents
 * serve one queue first come first served, and nobody hangs up. With
 *
 *   λ  = calls per second,  h = mean handle time (s),  A = λ·h  (offered traffic, in erlangs)
 *
 *   Erlang B by the recursion  B(0) = 1,  B(k) = A·B(k−1) / (k + A·B(k−1))  (stable for any N)
 *   P(wait) = C(N, A) = N·B(N) / (N − A·(1 − B(N)))
 *   service level within T s   SL(T) = 1 − C·e^(−(N − A)·T/h)
 *   ASA (mean wait, all calls) = C·h / (N − A)
 *   occupancy                  = A / N
 *
 * When A ≥ N the queue grows without bound: every caller waits, none within the target, for ever.
 * Only the ratio of λ and h matters for C; SL and ASA also need h itself.
 */
export interface ErlangCInput {
  callsPerHour: number;
  /** Mean handle time in seconds (talk plus wrap-up: the time an agent is taken by one call). */
  ahtSec: number;
  agents: number;
  /** Service-level threshold T in seconds ("answered within T"). */
  targetSec: number;
}

export interface ErlangCResult {
  /** Probability that a caller waits at all. */
  pWait: number;
  /** Share of callers answered within the target. */
  serviceLevel: number;
  /** Average speed of answer over all callers, in seconds. */
  asaSec: number;
  /** Share of agent time spent on calls. */
  occupancy: number;
}

/** Offered traffic in erlangs. */
export function trafficErlangs(callsPerHour: number, ahtSec: number): number {
  return (callsPerHour / 3600) * ahtSec;
}

/** Probability that a caller waits, C(N, A). */
export function erlangCWaitProbability(agents: number, erlangs: number): number {
  if (agents <= erlangs) return 1;
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (erlangs * b) / (k + erlangs * b);
  return (agents * b) / (agents - erlangs * (1 - b));
}

export function erlangC(input: ErlangCInput): ErlangCResult {
  assertInput(input);
  const { agents, ahtSec, targetSec } = input;
  const a = trafficErlangs(input.callsPerHour, ahtSec);
  if (agents <= a) return { pWait: 1, serviceLevel: 0, asaSec: Infinity, occupancy: 1 };
  const pWait = erlangCWaitProbability(agents, a);
  return {
    pWait,
    serviceLevel: 1 - pWait * Math.exp((-(agents - a) * targetSec) / ahtSec),
    asaSec: (pWait * ahtSec) / (agents - a),
    occupancy: a / agents,
  };
}

/**
 * The fewest agents whose service level reaches `targetServiceLevel` (a share, 0–1) within
 * `targetSec`; the first N above the traffic, counted up, since SL grows with N.
 */
export function agentsNeeded(input: Omit<ErlangCInput, 'agents'> & { targetServiceLevel: number }): { agents: number } & ErlangCResult {
  if (!(input.targetServiceLevel > 0 && input.targetServiceLevel < 1)) throw new RangeError('the target service level must be between 0 and 1 (exclusive)');
  assertInput({ ...input, agents: 1 });
  const a = trafficErlangs(input.callsPerHour, input.ahtSec);
  for (let agents = Math.max(1, Math.floor(a) + 1); ; agents++) {
    const result = erlangC({ ...input, agents });
    if (result.serviceLevel >= input.targetServiceLevel) return { agents, ...result };
  }
}

function assertInput({ callsPerHour, ahtSec, agents, targetSec }: ErlangCInput): void {
  if (!(callsPerHour > 0 && Number.isFinite(callsPerHour))) throw new RangeError('calls per hour must be a positive number');
  if (!(ahtSec > 0 && Number.isFinite(ahtSec))) throw new RangeError('the handle time must be a positive number of seconds');
  if (!(Number.isInteger(agents) && agents >= 1 && agents <= 100_000)) throw new RangeError('agents must be a whole number from 1 to 100000');
  if (!(targetSec >= 0 && Number.isFinite(targetSec))) throw new RangeError('the target must be zero or more seconds');
}
