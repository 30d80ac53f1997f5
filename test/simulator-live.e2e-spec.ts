import { describe, expect, it } from '@jest/globals';
import { fifoViolations, type FifoInput } from './support/fifo-order.js';
import { describeLiveSimulator } from './support/live-simulator.js';

// The platform events by the replay feed; by the webhook in simulator-live-webhook.e2e-spec.ts.
describeLiveSimulator('feed', 180);

describe('the live simulator test’s own checks', () => {
  it('the FIFO check finds a call offered while an older one with the same needs waited', () => {
    const at = (sec: number) => new Date(Date.UTC(2026, 10, 23, 10, 0, sec));
    const call = (id: string, queuedSec: number) => ({
      id,
      direction: 'inbound',
      language: 'nb',
      topicKey: 'tips',
      priority: 5,
      queuedAt: at(queuedSec),
      waitingSince: at(queuedSec),
      transferCount: 0,
    });
    const queued = (callId: string, sec: number) => ({ callId, seq: 2, type: 'queued', at: at(sec), agentId: null, xactId: BigInt(100 + sec), data: { topicKey: 'tips', priority: 5 } });
    // Round 300 sees both waiting and offers the younger one; the older waits on until after the round.
    const input: FifoInput = {
      rounds: [{ snapshot: '300:300:', xactId: 300n, startedAt: at(10), finishedAt: at(11) }],
      calls: [call('older', 1), call('younger', 2)],
      callEvents: [
        queued('older', 1),
        { callId: 'older', seq: 3, type: 'offered', at: at(20), agentId: 'a2', xactId: 301n, data: {} },
        queued('younger', 2),
        { callId: 'younger', seq: 3, type: 'offered', at: at(10), agentId: 'a1', xactId: 300n, data: {} },
      ],
      agentEvents: [],
    };
    expect(fifoViolations(input).violations).toHaveLength(1);
    // Served in queue order instead, it is a pair in order, not a finding.
    const fair = structuredClone(input);
    fair.callEvents[1] = { ...fair.callEvents[1]!, at: at(10), agentId: 'a1', xactId: 300n };
    fair.callEvents[3] = { ...fair.callEvents[3]!, at: at(20), agentId: 'a2', xactId: 301n };
    expect(fifoViolations(fair)).toEqual({ roundsWithOffers: 1, roundsLeftOut: 0, orderedPairs: 1, violations: [] });
    // The agent had declined the older call: skipping it for them is allowed.
    const declined = structuredClone(input);
    declined.callEvents.splice(1, 0, { callId: 'older', seq: 3, type: 'offer_declined', at: at(5), agentId: 'a1', xactId: 200n, data: {} });
    expect(fifoViolations(declined).violations).toEqual([]);
  });
});
