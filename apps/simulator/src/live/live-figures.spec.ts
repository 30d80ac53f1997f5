import { AgentState, BreakReason, Outcome } from '@fc/contracts';
import { demoScenario } from '@fc/simulation';
import { describe, expect, it } from '@jest/globals';
import type { LiveCall } from './call-book.js';
import { computeFigures } from './live-figures.js';

const [passport, firearms] = demoScenario().topics; // thresholds: 20 s both
const call = (over: Partial<LiveCall>): LiveCall => ({
  callId: 'c',
  externalId: 'e',
  direction: 'inbound',
  ivrTopic: passport!,
  need: passport!,
  language: 'nb',
  callerId: 1,
  isRepeat: false,
  queuedAtMs: 0,
  answeredAtMs: null,
  endedAtMs: null,
  phase: 'waiting',
  transfers: 0,
  outcome: null,
  hungUpAtClose: false,
  patienceRanOut: false,
  ...over,
});
const requests = { sent: 10, races: 1, errors: 0, lastError: null };

describe('the live run’s figures', () => {
  it('counts calls by where they stand, and agents by state', () => {
    const f = computeFigures({
      calls: [
        call({ phase: 'waiting' }),
        call({ phase: 'accepting' }),
        call({ phase: 'talking', answeredAtMs: 1000 }),
        call({ phase: 'wrap_up', answeredAtMs: 1000 }),
        call({ phase: 'completed', answeredAtMs: 1000, outcome: Outcome.Resolved, isRepeat: true }),
        call({ phase: 'abandoned', endedAtMs: 9000 }),
        call({ phase: 'abandoned', endedAtMs: 9000, hungUpAtClose: true }),
        call({ phase: 'callback_requested', endedAtMs: 9000 }),
        call({ direction: 'callback', phase: 'waiting' }),
      ],
      scale: 10,
      simulatedSec: 40_000,
      realSec: 40,
      agentStates: [
        { state: AgentState.Available, reason: null },
        { state: AgentState.OnCall, reason: null },
        { state: AgentState.OnCall, reason: null },
        { state: AgentState.Break, reason: BreakReason.Missed },
        { state: AgentState.Break, reason: BreakReason.Break },
      ],
      transfers: 2,
      declines: 1,
      requests,
    });
    expect(f.calls).toEqual({
      placed: 8,
      repeats: 1,
      callbacks: 1,
      waiting: 3,
      dialling: 0,
      talking: 1,
      wrapUp: 1,
      completed: 1,
      abandoned: 1,
      hungUpAtClose: 1,
      answered: 3,
      transfers: 2,
      declines: 1,
      notRecorded: 0,
      outcomes: { resolved: 1 },
    });
    expect(f.agents).toEqual({ offline: 0, available: 1, reserved: 0, on_call: 2, wrap_up: 0, break: 2 });
    expect(f.agentsMissed).toBe(1);
    expect(f.requests).toEqual(requests);
  });

  it('measures waits in simulated seconds against each topic’s threshold, leaving out short abandons and hang-ups at close', () => {
    const f = computeFigures({
      calls: [
        // Waits of 1 s and 3 s real are 10 s and 30 s simulated: one within 20 s, one not.
        call({ phase: 'completed', answeredAtMs: 1000, outcome: Outcome.Resolved }),
        call({ ivrTopic: firearms!, phase: 'talking', answeredAtMs: 3000 }),
        // Abandoned after 0.4 s real = 4 s simulated: a short abandon, left out.
        call({ phase: 'abandoned', endedAtMs: 400 }),
        // Abandoned after 6 s real: counts against the service level.
        call({ phase: 'abandoned', endedAtMs: 6000 }),
        call({ phase: 'abandoned', endedAtMs: 6000, hungUpAtClose: true }),
      ],
      scale: 10,
      simulatedSec: 0,
      realSec: 0,
      agentStates: [],
      transfers: 0,
      declines: 0,
      requests,
    });
    expect(f.serviceLevel).toBeCloseTo(1 / 3, 10);
    expect(f.asaSec).toBeCloseTo(20, 10);
    expect(f.asaRealSec).toBeCloseTo(2, 10);
  });

  it('counts first-contact resolution over outcomes agents recorded, not over timed-out wrap-ups', () => {
    const f = computeFigures({
      calls: [
        call({ phase: 'completed', answeredAtMs: 0, outcome: Outcome.Resolved }),
        call({ phase: 'completed', answeredAtMs: 0, outcome: Outcome.SelfService }),
        call({ phase: 'completed', answeredAtMs: 0, outcome: Outcome.Unresolved }),
        call({ phase: 'completed', answeredAtMs: 0, outcome: Outcome.NotRecorded }),
      ],
      scale: 1,
      simulatedSec: 0,
      realSec: 0,
      agentStates: [],
      transfers: 0,
      declines: 0,
      requests,
    });
    expect(f.fcr).toBeCloseTo(2 / 3, 10);
    expect(f.calls.notRecorded).toBe(1);
  });

  it('has no figures before there is anything to measure', () => {
    const f = computeFigures({ calls: [], scale: 1, simulatedSec: 0, realSec: 0, agentStates: [], transfers: 0, declines: 0, requests });
    expect([f.serviceLevel, f.asaSec, f.asaRealSec, f.fcr]).toEqual([null, null, null, null]);
  });
});
