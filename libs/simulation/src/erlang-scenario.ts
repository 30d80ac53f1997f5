import { RoutingStrategy } from '@fc/contracts';
import { parseScenario, type Scenario } from './scenario.js';

export interface ErlangCase {
  callsPerHour: number;
  ahtSec: number;
  agents: number;
  /** Service-level threshold, seconds. */
  targetSec: number;
  seed: number;
}

/**
 * The textbook M/M/N queue as a scenario: one topic, Poisson arrivals, exponential handle times
 * (all talk, no wrap-up), N identical agents on duty round the clock, one FIFO queue, nobody hangs
 * up, declines, transfers or calls again. Its measured service level must agree with Erlang C.
 */
export function erlangScenario(c: ErlangCase): Scenario {
  return parseScenario({
    name: `Erlang C check: ${c.callsPerHour} calls/h, AHT ${c.ahtSec} s, ${c.agents} agents`,
    seed: c.seed,
    day: { start: '00:00', end: '24:00' },
    transferPriorityBoost: 0,
    topics: [
      {
        key: 'single',
        callsPerHour: c.callsPerHour,
        languages: { nb: 1 },
        talkSec: { kind: 'exponential', meanSec: c.ahtSec },
        wrapUpSec: { kind: 'fixed', sec: 0 },
        routing: { skill: 'single', minProficiency: 1, priority: 0, strategy: RoutingStrategy.LongestIdle, escalationSteps: [], serviceLevelThresholdSec: c.targetSec },
      },
    ],
    groups: [{ name: 'All', shift: { start: '00:00', end: '24:00' } }],
    agents: Array.from({ length: c.agents }, (_, i) => ({ name: `agent${i + 1}`, group: 'All', skills: { single: 3, 'lang:nb': 5 } })),
    behaviour: {
      resolutionByProficiency: [1, 1, 1, 1, 1, 1],
      talkFactorByProficiency: [1, 1, 1, 1, 1, 1],
      resolvedOutcomes: { resolved: 1 },
      unresolvedOutcomes: { unresolved: 1 },
      misroutedShare: 0,
      transferBelowProficiency: 1,
      transferChance: 0,
      transferTalkShare: 0,
      maxTransfers: 0,
      declineChance: 0,
      acceptDelaySec: { kind: 'fixed', sec: 0 },
      patienceSec: null,
      callbackTakeUp: 0,
      withheldShare: 0,
      repeat: { afterUnresolved: 0, afterAbandoned: 0, delaySec: { kind: 'fixed', sec: 0 } },
      expectationAligned: 1,
    },
  });
}
