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

export interface IdleWhileWaiting {
  agentId: string;
  callId: string;
  overlapMs: number;
}

/**
 * Finds every time a qualified agent sat available while a call it qualified for waited, for
 * longer than `boundMs` (one routing round), from the agents' log and the calls' journeys alone.
 * `qualifies(agentId, callId)` says whether the agent could take the call; agents who declined a
 * call are left out for that call, as routing leaves them out for a while.
 */
export async function idleWhileWaiting(db: pg.Pool, qualifies: (agentId: string, callId: string) => boolean, boundMs: number): Promise<IdleWhileWaiting[]> {
  const { rows: agentEvents } = await db.query<{ agent_id: string; state: string; at: Date }>('SELECT agent_id, state, at FROM agent_events ORDER BY agent_id, at');
  const { rows: callEvents } = await db.query<EventRow>('SELECT call_id, seq, type, at, agent_id, data FROM call_events ORDER BY call_id, seq');
  const end = Date.now();

  const available = new Map<string, [number, number][]>();
  for (let i = 0; i < agentEvents.length; i++) {
    const event = agentEvents[i]!;
    if (event.state !== 'available') continue;
    const next = agentEvents[i + 1];
    const until = next && next.agent_id === event.agent_id ? next.at.getTime() : end;
    available.set(event.agent_id, [...(available.get(event.agent_id) ?? []), [event.at.getTime(), until]]);
  }

  const waiting = new Map<string, [number, number][]>();
  const decliners = new Map<string, Set<string>>();
  let since: number | null = null;
  for (let i = 0; i < callEvents.length; i++) {
    const event = callEvents[i]!;
    if (i === 0 || callEvents[i - 1]!.call_id !== event.call_id) since = null;
    if (event.type === 'offer_declined') decliners.set(event.call_id, (decliners.get(event.call_id) ?? new Set()).add(event.agent_id!));
    if (['queued', 'offer_declined', 'offer_expired', 'offer_revoked'].includes(event.type)) since ??= event.at.getTime();
    if (['offered', 'abandoned', 'callback_requested'].includes(event.type) && since !== null) {
      waiting.set(event.call_id, [...(waiting.get(event.call_id) ?? []), [since, event.at.getTime()]]);
      since = null;
    }
  }

  const found: IdleWhileWaiting[] = [];
  for (const [callId, spans] of waiting) {
    for (const [agentId, idle] of available) {
      if (!qualifies(agentId, callId) || decliners.get(callId)?.has(agentId)) continue;
      for (const [waitFrom, waitTo] of spans) {
        for (const [idleFrom, idleTo] of idle) {
          const overlapMs = Math.min(waitTo, idleTo) - Math.max(waitFrom, idleFrom);
          if (overlapMs > boundMs) found.push({ agentId, callId, overlapMs });
        }
      }
    }
  }
  return found;
}
