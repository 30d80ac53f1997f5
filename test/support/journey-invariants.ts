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
  return analyse(
    calls,
    events.map((e) => ({ callId: e.call_id, seq: e.seq, type: e.type, at: e.at, agentId: e.agent_id, data: e.data })),
  );
}

export interface IdleWhileWaiting {
  agentId: string;
  callId: string;
  /** Routing rounds that could see the agent available and the call waiting, and paired neither. */
  rounds: number;
}

/** `xmin:xmax:xip,…` of `pg_current_snapshot()`: whether a transaction's writes were visible in it. */
function visibility(snapshot: string): (xact: bigint) => boolean {
  const [xmin, xmax, inProgress] = snapshot.split(':');
  const running = new Set((inProgress ?? '').split(',').filter(Boolean).map(BigInt));
  return (xact) => xact < BigInt(xmin!) || (xact < BigInt(xmax!) && !running.has(xact));
}

const READY_CALL = new Set(['queued', 'offer_declined', 'offer_expired', 'offer_revoked']);

/**
 * Finds every qualified agent that a routing round could see available, while it could see a call
 * the agent qualified for waiting, and that the round left apart (it changed neither) — exactly,
 * by transaction visibility, whatever the machine's speed. A pair left apart by two or more rounds
 * is a finding; one round may legitimately miss a pair when the partner it planned for the agent
 * moved on under the lock. `qualifies(agentId, callId)` says whether the agent could take the
 * call; agents who declined a call are left out for that call, as routing leaves them out a while.
 */
export async function idleWhileWaiting(db: pg.Pool, qualifies: (agentId: string, callId: string) => boolean): Promise<IdleWhileWaiting[]> {
  const { rows: rounds } = await db.query<{ snapshot: string; xact_id: string }>('SELECT snapshot, xact_id FROM routing_rounds ORDER BY started_at');
  const { rows: agentEvents } = await db.query<{ agent_id: string; state: string; xact_id: string }>('SELECT agent_id, state, xact_id FROM agent_events ORDER BY agent_id, at');
  const { rows: callEvents } = await db.query<{ call_id: string; type: string; agent_id: string | null; xact_id: string }>(
    'SELECT call_id, type, agent_id, xact_id FROM call_events ORDER BY call_id, seq',
  );

  const group = <T, K extends keyof T>(rows: T[], key: K) => {
    const map = new Map<T[K], T[]>();
    for (const row of rows) map.set(row[key], [...(map.get(row[key]) ?? []), row]);
    return map;
  };
  const agents = group(agentEvents, 'agent_id');
  const calls = group(callEvents, 'call_id');
  const decliners = new Map<string, Set<string>>();
  for (const e of callEvents) if (e.type === 'offer_declined') decliners.set(e.call_id, (decliners.get(e.call_id) ?? new Set()).add(e.agent_id!));

  /** The last entry the round saw, and whether the round itself wrote the next one. */
  const asSeen = <T extends { xact_id: string }>(entries: T[], visible: (x: bigint) => boolean, round: bigint) => {
    let last = -1;
    while (last + 1 < entries.length && visible(BigInt(entries[last + 1]!.xact_id))) last++;
    const next = entries[last + 1];
    return { seen: entries[last], touchedByRound: next !== undefined && BigInt(next.xact_id) === round };
  };

  const leftApart = new Map<string, number>();
  for (const round of rounds) {
    const visible = visibility(round.snapshot);
    const self = BigInt(round.xact_id);
    const idle = [...agents].filter(([, entries]) => {
      const { seen, touchedByRound } = asSeen(entries, visible, self);
      return seen?.state === 'available' && !touchedByRound;
    });
    for (const [callId, entries] of calls) {
      const { seen, touchedByRound } = asSeen(entries, visible, self);
      if (!seen || !READY_CALL.has(seen.type) || touchedByRound) continue;
      for (const [agentId] of idle) {
        if (!qualifies(agentId, callId) || decliners.get(callId)?.has(agentId)) continue;
        const key = `${agentId} ${callId}`;
        leftApart.set(key, (leftApart.get(key) ?? 0) + 1);
      }
    }
  }
  return [...leftApart]
    .filter(([, count]) => count >= 2)
    .map(([key, count]) => {
      const [agentId, callId] = key.split(' ') as [string, string];
      return { agentId, callId, rounds: count };
    });
}
