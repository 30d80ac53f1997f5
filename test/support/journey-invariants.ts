import type pg from 'pg';

interface EventRow {
  call_id: string;
  seq: number;
  type: string;
  at: Date;
  agent_id: string | null;
  data: { to?: string; fromAgentId?: string; toAgentId?: string; whileOfferedTo?: string | null };
}

export interface HoldInterval {
  agentId: string;
  callId: string;
  from: number;
  to: number;
}

export interface InvariantReport {
  calls: number;
  offers: number;
  /** Offers made while the call was already offered to or connected with an agent. */
  doubleOffers: string[];
  /** Pairs of calls one agent held at the same time. */
  overlappingHolds: string[];
  /** Calls not in exactly one terminal state with exactly one terminal event. */
  badTerminals: string[];
  holds: HoldInterval[];
}

const TERMINAL_EVENTS = new Set(['outcome_recorded', 'abandoned', 'callback_requested']);
const TERMINAL_STATES = new Set(['completed', 'abandoned', 'callback_requested']);

/**
 * Rebuilds from the journey logs alone who held which call when, and checks the routing
 * invariants of DESIGN §4: one call per agent at a time, one agent per call at a time,
 * and exactly one terminal state per call.
 */
export async function checkJourneyInvariants(db: pg.Pool): Promise<InvariantReport> {
  const { rows: events } = await db.query<EventRow>('SELECT call_id, seq, type, at, agent_id, data FROM call_events ORDER BY call_id, seq');
  const { rows: calls } = await db.query<{ id: string; state: string }>('SELECT id, state FROM calls');
  const report: InvariantReport = { calls: calls.length, offers: 0, doubleOffers: [], overlappingHolds: [], badTerminals: [], holds: [] };

  const byCall = new Map<string, EventRow[]>();
  for (const event of events) byCall.set(event.call_id, [...(byCall.get(event.call_id) ?? []), event]);

  for (const call of calls) {
    const log = byCall.get(call.id) ?? [];
    const terminalEvents = log.filter((e) => TERMINAL_EVENTS.has(e.type)).length;
    if (!TERMINAL_STATES.has(call.state) || terminalEvents !== 1) report.badTerminals.push(`${call.id}: ${call.state}, ${terminalEvents} terminal events`);

    let holder: { agentId: string; from: number } | null = null;
    const release = (at: Date) => {
      if (holder) report.holds.push({ agentId: holder.agentId, callId: call.id, from: holder.from, to: at.getTime() });
      holder = null;
    };
    for (const event of log) {
      switch (event.type) {
        case 'offered':
          report.offers++;
          if (holder) report.doubleOffers.push(`${call.id} seq ${event.seq}`);
          release(event.at);
          holder = { agentId: event.agent_id!, from: event.at.getTime() };
          break;
        case 'offer_declined':
        case 'offer_expired':
        case 'offer_revoked':
        case 'abandoned':
        case 'outcome_recorded':
          release(event.at);
          break;
        case 'transferred':
          release(event.at);
          if (event.data.to === 'agent') holder = { agentId: event.data.toAgentId!, from: event.at.getTime() };
          break;
        default:
          break;
      }
    }
    if (holder) release(new Date(8.64e15));
  }

  const byAgent = new Map<string, HoldInterval[]>();
  for (const hold of report.holds) byAgent.set(hold.agentId, [...(byAgent.get(hold.agentId) ?? []), hold]);
  for (const [agentId, holds] of byAgent) {
    holds.sort((a, b) => a.from - b.from);
    for (let i = 1; i < holds.length; i++) {
      if (holds[i]!.from < holds[i - 1]!.to) report.overlappingHolds.push(`${agentId}: ${holds[i - 1]!.callId} and ${holds[i]!.callId}`);
    }
  }
  return report;
}
