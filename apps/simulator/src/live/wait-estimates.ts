/** How far the api's estimated waits were from the waits that followed, for one topic. */
export interface EstimateError {
  /** Estimates settled: each said at some moment, then the call was offered to an agent. */
  estimates: number;
  /** Mean of |estimated − actual| in real seconds; null with no estimate settled. */
  meanAbsErrorSec: number | null;
  /** Mean of (estimated − actual): above 0 the api promised longer waits than came. */
  meanBiasSec: number | null;
}

interface Pending {
  topicKey: string;
  atMs: number;
  estimatedWaitSec: number;
}

/**
 * Scores the estimated waits the platform was told (`call.queued`, `call.position`): each one is
 * compared with the wait that followed it, from when it was said until the call was next offered
 * to an agent (`call.ringing`). A caller who left before an offer settles nothing; a call that
 * goes back to a queue starts afresh. Waits are real seconds, as the api measures them.
 */
export class WaitEstimates {
  private readonly pending = new Map<string, Pending[]>();
  private readonly byTopic = new Map<string, { n: number; absSum: number; sum: number }>();

  /** The platform was told a wait (null: no estimate, nobody qualified logged in). */
  said(callId: string, topicKey: string, estimatedWaitSec: number | null, at: string): void {
    if (estimatedWaitSec === null) return;
    const list = this.pending.get(callId) ?? [];
    list.push({ topicKey, atMs: Date.parse(at), estimatedWaitSec });
    this.pending.set(callId, list);
  }

  /** The call was offered to an agent: every estimate said since it queued is settled. */
  offered(callId: string, at: string): void {
    const list = this.pending.get(callId);
    if (!list) return;
    this.pending.delete(callId);
    const offeredMs = Date.parse(at);
    for (const estimate of list) {
      const actualSec = Math.max(0, (offeredMs - estimate.atMs) / 1000);
      const tally = this.byTopic.get(estimate.topicKey) ?? { n: 0, absSum: 0, sum: 0 };
      tally.n++;
      tally.absSum += Math.abs(estimate.estimatedWaitSec - actualSec);
      tally.sum += estimate.estimatedWaitSec - actualSec;
      this.byTopic.set(estimate.topicKey, tally);
    }
  }

  /** The call left the queue without an offer (the caller hung up, took a callback): nothing to settle. */
  left(callId: string): void {
    this.pending.delete(callId);
  }

  summary(): Record<string, EstimateError> {
    const out: Record<string, EstimateError> = {};
    for (const [topicKey, t] of [...this.byTopic].sort(([a], [b]) => a.localeCompare(b))) {
      out[topicKey] = { estimates: t.n, meanAbsErrorSec: t.n ? t.absSum / t.n : null, meanBiasSec: t.n ? t.sum / t.n : null };
    }
    return out;
  }
}
