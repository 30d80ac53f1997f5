import type { CallView, JourneyEventView } from '@fc/contracts';
import { describe, expect, it } from '@jest/globals';
import { analyseJourneys } from './journey-check.js';

const event = (seq: number, type: JourneyEventView['type'], atSec: number, agentId: string | null = null, data: JourneyEventView['data'] = {}): JourneyEventView => ({
  seq,
  type,
  at: new Date(Date.UTC(2026, 10, 23, 10, 0, atSec)).toISOString(),
  agentId,
  data,
});
const call = (id: string, state: CallView['state'], events: JourneyEventView[]) => ({ id, state, events }) as CallView;
const handled = (id: string, agentId: string, from: number, to: number) =>
  call(id, 'completed', [
    event(1, 'arrived', from - 1),
    event(2, 'queued', from - 1),
    event(3, 'offered', from, agentId),
    event(4, 'connected', from + 1, agentId),
    event(5, 'talk_ended', to - 1, agentId),
    event(6, 'outcome_recorded', to, agentId),
  ]);

describe('the routing invariants over the journeys the api shows', () => {
  it('hold for calls handled one after another, and count the offers', () => {
    const report = analyseJourneys([handled('c1', 'a1', 0, 10), handled('c2', 'a1', 11, 20), call('c3', 'abandoned', [event(1, 'arrived', 0), event(2, 'queued', 0), event(3, 'abandoned', 5)])]);
    expect(report).toEqual({ calls: 3, offers: 2, doubleOffers: [], overlappingHolds: [], badTerminals: [], scheduled: [], unreadable: [], ok: true });
  });

  it('find an agent holding two calls at once', () => {
    const report = analyseJourneys([handled('c1', 'a1', 0, 10), handled('c2', 'a1', 5, 20)]);
    expect(report.overlappingHolds).toEqual(['a1: c1 and c2']);
    expect(report.ok).toBe(false);
  });

  it('find a call offered while another agent holds it', () => {
    const twice = call('c1', 'completed', [event(1, 'queued', 0), event(2, 'offered', 1, 'a1'), event(3, 'offered', 2, 'a2'), event(4, 'outcome_recorded', 9, 'a2')]);
    expect(analyseJourneys([twice]).doubleOffers).toEqual(['c1 seq 3']);
  });

  it('find a call left open, or ended twice', () => {
    const open = call('c1', 'queued', [event(1, 'queued', 0)]);
    const twice = call('c2', 'abandoned', [event(1, 'queued', 0), event(2, 'abandoned', 1), event(3, 'abandoned', 2)]);
    expect(analyseJourneys([open, twice]).badTerminals).toEqual(['c1: queued, 0 terminal events', 'c2: abandoned, 2 terminal events']);
  });

  it('leave a callback waiting for its next try out of the findings, but not one that also ended', () => {
    const dialled = (id: string, extra: JourneyEventView[]) =>
      call(id, 'scheduled', [event(1, 'arrived', 0), event(2, 'queued', 0), event(3, 'offered', 1, 'a1'), event(4, 'dial_started', 2, 'a1'), event(5, 'dial_failed', 30, 'a1'), ...extra]);
    const report = analyseJourneys([dialled('c1', []), dialled('c2', [event(6, 'abandoned', 31)])]);
    expect(report).toMatchObject({ badTerminals: ['c2: scheduled, 1 terminal events'], scheduled: ['c1', 'c2'], ok: false });
    expect(analyseJourneys([dialled('c1', [])])).toMatchObject({ badTerminals: [], scheduled: ['c1'], ok: true });
  });

  it('take a callback given up on after its last try as ended, once', () => {
    const unreachable = call('c1', 'unreachable', [
      event(1, 'queued', 0),
      event(2, 'offered', 1, 'a1'),
      event(3, 'dial_started', 2, 'a1'),
      event(4, 'dial_failed', 30, 'a1', { result: 'busy', gaveUp: true }),
    ]);
    expect(analyseJourneys([unreachable])).toMatchObject({ badTerminals: [], ok: true });
  });

  it('fail when a call could not be read', () => {
    const report = analyseJourneys([handled('c1', 'a1', 0, 10)], ['c2: GET /api/calls/:id: 500 Internal Server Error']);
    expect(report).toMatchObject({ calls: 2, unreadable: ['c2: GET /api/calls/:id: 500 Internal Server Error'], ok: false });
  });

  it('follow a call transferred straight to another agent', () => {
    const direct = call('c1', 'completed', [
      event(1, 'queued', 0),
      event(2, 'offered', 1, 'a1'),
      event(3, 'connected', 2, 'a1'),
      event(4, 'transferred', 5, 'a2', { to: 'agent', toAgentId: 'a2' }),
      event(5, 'outcome_recorded', 30, 'a2'),
    ]);
    // a2 held c1 from 5 to 30: a call a2 took at 10 overlaps it.
    expect(analyseJourneys([direct, handled('c2', 'a2', 10, 20)]).overlappingHolds).toEqual(['a2: c1 and c2']);
  });
});
