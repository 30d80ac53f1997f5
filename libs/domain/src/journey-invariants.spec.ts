import { describe, expect, it } from '@jest/globals';
import { checkJourneyInvariants, type JourneyLogEntry } from './journey-invariants.js';

const at = (sec: number) => new Date(Date.UTC(2026, 10, 23, 9, 0, sec));
const entry = (callId: string, seq: number, type: string, sec: number, agentId: string | null = null, data: JourneyLogEntry['data'] = {}): JourneyLogEntry => ({
  callId,
  seq,
  type,
  at: at(sec),
  agentId,
  data,
});
const completed = (callId: string, agentId: string, from: number, to: number): JourneyLogEntry[] => [
  entry(callId, 1, 'arrived', from),
  entry(callId, 2, 'queued', from),
  entry(callId, 3, 'offered', from + 1, agentId),
  entry(callId, 4, 'connected', from + 2, agentId),
  entry(callId, 5, 'talk_ended', to - 1, agentId),
  entry(callId, 6, 'outcome_recorded', to, agentId),
];

describe('journey invariants from the logs alone', () => {
  it('passes calls one after another on one agent', () => {
    const report = checkJourneyInvariants(
      [
        { id: 'c1', state: 'completed' },
        { id: 'c2', state: 'completed' },
      ],
      [...completed('c1', 'a', 0, 10), ...completed('c2', 'a', 10, 20)],
    );
    expect(report).toMatchObject({ calls: 2, offers: 2, doubleOffers: [], overlappingHolds: [], badTerminals: [] });
  });

  it('finds an agent holding two calls at once', () => {
    const report = checkJourneyInvariants(
      [
        { id: 'c1', state: 'completed' },
        { id: 'c2', state: 'completed' },
      ],
      [...completed('c1', 'a', 0, 10), ...completed('c2', 'a', 5, 15)],
    );
    expect(report.overlappingHolds).toEqual(['a: c1 and c2']);
  });

  it('finds a call offered while it was still offered to someone else', () => {
    const report = checkJourneyInvariants(
      [{ id: 'c1', state: 'abandoned' }],
      [entry('c1', 1, 'arrived', 0), entry('c1', 2, 'queued', 0), entry('c1', 3, 'offered', 1, 'a'), entry('c1', 4, 'offered', 2, 'b'), entry('c1', 5, 'abandoned', 3)],
    );
    expect(report.doubleOffers).toEqual(['c1 seq 4']);
  });

  it('follows a direct transfer to the new agent', () => {
    const log = [
      entry('c1', 1, 'arrived', 0),
      entry('c1', 2, 'queued', 0),
      entry('c1', 3, 'offered', 1, 'a'),
      entry('c1', 4, 'connected', 2, 'a'),
      entry('c1', 5, 'transferred', 5, 'b', { to: 'agent', toAgentId: 'b' }),
      entry('c1', 6, 'talk_ended', 8, 'b'),
      entry('c1', 7, 'outcome_recorded', 9, 'b'),
    ];
    const report = checkJourneyInvariants(
      [
        { id: 'c1', state: 'completed' },
        { id: 'c2', state: 'completed' },
      ],
      [...log, ...completed('c2', 'b', 6, 12)],
    );
    expect(report.overlappingHolds).toEqual(['b: c1 and c2']);
  });

  it('finds calls without exactly one terminal state', () => {
    const report = checkJourneyInvariants(
      [
        { id: 'open', state: 'queued' },
        { id: 'twice', state: 'completed' },
      ],
      [entry('open', 1, 'arrived', 0), entry('open', 2, 'queued', 0), ...completed('twice', 'a', 0, 5), entry('twice', 7, 'abandoned', 6)],
    );
    expect(report.badTerminals).toEqual(['open: queued, 0 terminal events', 'twice: completed, 2 terminal events']);
  });

  it('counts an outcome added after a timed-out wrap-up as no second end', () => {
    const log = [...completed('late', 'a', 0, 5), entry('late', 7, 'outcome_recorded', 600, 'a', { late: true })];
    expect(checkJourneyInvariants([{ id: 'late', state: 'completed' }], log).badTerminals).toEqual([]);
  });
});
