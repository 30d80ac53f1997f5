import type pg from 'pg';
import { checkJourneyInvariants as analyse, type InvariantReport, type JourneyLogEntry } from '@fc/domain';

interface EventRow {
  call_id: string;
  seq: number;
  type: string;
  at: Date;
  agent_id: string | null;
  data: JourneyLogEntry['data'];
}

/** Reads every call and journey event of the test's database and checks the routing invariants. */
export async function checkJourneyInvariants(db: pg.Pool): Promise<InvariantReport> {
  const { rows: events } = await db.query<EventRow>('SELECT call_id, seq, type, at, agent_id, data FROM call_events ORDER BY call_id, seq');
  const { rows: calls } = await db.query<{ id: string; state: string }>('SELECT id, state FROM calls');
  return analyse(calls, events.map((e) => ({ callId: e.call_id, seq: e.seq, type: e.type, at: e.at, agentId: e.agent_id, data: e.data })));
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
