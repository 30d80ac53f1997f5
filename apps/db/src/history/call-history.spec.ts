import { describe, expect, it } from '@jest/globals';
import { Outcome } from '@fc/contracts';
import { seededRandom } from '@fc/domain';
import { CallHistory, NON_RESOLVING_SHARE, TOPIC_MIX, type HistoryCall, type HistoryPlant } from './call-history.js';

const topics = Object.keys(TOPIC_MIX).map((key, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, key, priority: 0, serviceLevelThresholdSec: 20 }));
const agents = Array.from({ length: 30 }, (_, i) => `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
const END = new Date('2026-11-30T00:00:00Z');
const PLANT_AT = new Date('2026-11-10T00:00:00Z');
const NOT_RESOLVING: readonly Outcome[] = [Outcome.FollowUp, Outcome.Unresolved, Outcome.Complaint];
const passport = topics.find((t) => t.key === 'passport')!.id;

/**
 * A month of 12 000 calls, as the generator makes it, with or without a planted change; calls by
 * their external id, and the call a repeat follows by its external id too (ids are random).
 */
async function history(plant?: Omit<HistoryPlant, 'random'>): Promise<Map<string, HistoryCall>> {
  const calls = new Map<string, HistoryCall>();
  const externalIds = new Map<string, string>();
  const sink = {
    call: async (call: HistoryCall) => {
      externalIds.set(call.id, call.externalId);
      calls.set(call.externalId, { ...call, id: '', events: [] });
    },
    event: async () => undefined,
    agentEvent: async () => undefined,
  };
  const options = { calls: 12_000, days: 30, end: END, timeZone: 'Europe/Oslo', plant: plant && { ...plant, random: seededRandom(2801) } };
  await new CallHistory(options, topics, agents, seededRandom(2800), sink).write(() => undefined);
  for (const call of calls.values()) if (call.repeatOfCallId) call.repeatOfCallId = externalIds.get(call.repeatOfCallId)!;
  return calls;
}

describe('a change planted in the history', () => {
  it('turns only the planted topic’s non-resolving outcomes after the instant into resolved, and leaves the rest of the history as it was', async () => {
    const plain = await history();
    const planted = await history({ topicKey: 'passport', at: PLANT_AT, fcr: 0.1 });
    expect(planted.size).toBe(plain.size);
    let eligible = 0;
    let moved = 0;
    for (const [externalId, before] of plain) {
      const after = planted.get(externalId)!;
      // Everything but the outcome is the same call: the plant draws from a stream of its own.
      const { outcome: outcomeAfter, ...restAfter } = after;
      const { outcome: outcomeBefore, ...restBefore } = before;
      expect(restAfter).toEqual(restBefore);
      const inPlant = before.topicId === passport && before.arrivedAt >= PLANT_AT && NOT_RESOLVING.includes(outcomeBefore!);
      if (!inPlant) expect(outcomeAfter).toBe(outcomeBefore);
      else {
        eligible++;
        if (outcomeAfter !== outcomeBefore) {
          expect(outcomeAfter).toBe(Outcome.Resolved);
          moved++;
        }
      }
    }
    // Each eligible call moves with probability 0.10 / 0.19 = 0.526: of a few hundred, about half.
    expect(NON_RESOLVING_SHARE).toBeCloseTo(0.19, 10);
    expect(eligible).toBeGreaterThan(200);
    expect(moved / eligible).toBeGreaterThan(0.45);
    expect(moved / eligible).toBeLessThan(0.6);
  });
});
