import type pg from 'pg';

export interface FifoRound {
  snapshot: string;
  xactId: bigint;
  startedAt: Date;
  finishedAt: Date;
}

export interface FifoCall {
  id: string;
  direction: string;
  language: string;
  /** The call's topic and priority now (after any transfers). */
  topicKey: string;
  priority: number;
  queuedAt: Date | null;
  waitingSince: Date | null;
  transferCount: number;
}

export interface FifoCallEvent {
  callId: string;
  seq: number;
  type: string;
  at: Date;
  agentId: string | null;
  xactId: bigint;
  data: { topicKey?: string; toTopicKey?: string; priority?: number; to?: string };
}

export interface FifoAgentEvent {
  agentId: string;
  state: string;
  at: Date;
  xactId: bigint;
}

/** Everything the check reads, call events ordered by call and seq, agent events by agent and time. */
export interface FifoInput {
  rounds: FifoRound[];
  calls: FifoCall[];
  callEvents: FifoCallEvent[];
  agentEvents: FifoAgentEvent[];
}

export interface FifoReport {
  /** Rounds that offered calls. */
  roundsWithOffers: number;
  /** Of those, rounds left out: an agent the round could have planned for left availability while it ran. */
  roundsLeftOut: number;
  /** Offers made while a call with the same requirement and priority, queued later, waited on: FIFO exercised. */
  orderedPairs: number;
  /** Offers made while a call with the same requirement and priority, queued earlier, waited on. */
  violations: string[];
}

/** Where a call stands after each of its events, as far as routing cares. */
interface Standing {
  ready: boolean;
  topicKey: string | null;
  priority: number | null;
  /** When the current wait began; null when not known exactly enough to compare. */
  waitingSinceMs: number | null;
  /** Whether waitingSince is read from an event's time (a transfer), which may differ from the column by a few ms. */
  approximate: boolean;
}

const READY_AGAIN = new Set(['offer_declined', 'offer_expired', 'offer_revoked']);
const NOT_READY = new Set(['offered', 'connected', 'talk_ended', 'outcome_recorded', 'abandoned', 'callback_requested']);
/** A transfer's recorded time and the waitingSince it set may differ by a few milliseconds. */
const TRANSFER_CLOCK_SLACK_MS = 1000;

/** `xmin:xmax:xip,…` of `pg_current_snapshot()`: whether a transaction's writes were visible in it. */
function visibility(snapshot: string): (xact: bigint) => boolean {
  const [xmin, xmax, inProgress] = snapshot.split(':');
  const running = new Set((inProgress ?? '').split(',').filter(Boolean).map(BigInt));
  return (xact) => xact < BigInt(xmin!) || (xact < BigInt(xmax!) && !running.has(xact));
}

/** A call's requirement and priority, for a finding. */
const st = (s: Standing) => `${s.topicKey}, priority ${s.priority}`;

function standings(call: FifoCall, events: FifoCallEvent[]): Standing[] {
  let now: Standing = { ready: false, topicKey: null, priority: null, waitingSinceMs: null, approximate: false };
  return events.map((e) => {
    if (e.type === 'queued' && call.direction === 'inbound') {
      // An inbound call starts waiting as it queues, with its topic and priority in the event.
      now = { ready: true, topicKey: e.data.topicKey ?? null, priority: e.data.priority ?? null, waitingSinceMs: e.at.getTime(), approximate: false };
    } else if (e.type === 'queued') {
      // A callback keeps its caller's wait; its queued event names neither topic nor priority, so they are read
      // from the row, which holds them until a transfer (a transferred callback's first wait is left out).
      const known = call.transferCount === 0;
      now = { ready: true, topicKey: known ? call.topicKey : null, priority: known ? call.priority : null, waitingSinceMs: known ? (call.waitingSince?.getTime() ?? null) : null, approximate: false };
    } else if (e.type === 'transferred') {
      now =
        e.data.to === 'topic' ? { ready: true, topicKey: e.data.toTopicKey ?? null, priority: e.data.priority ?? null, waitingSinceMs: e.at.getTime(), approximate: true } : { ...now, ready: false };
    } else if (READY_AGAIN.has(e.type)) now = { ...now, ready: true };
    else if (NOT_READY.has(e.type)) now = { ...now, ready: false };
    return now;
  });
}

/**
 * FIFO among calls with the same requirement and priority (DESIGN §4), from the database's own
 * record: for every call B a routing round offered, is there a call A that the round could see
 * waiting (by its snapshot), that waited on untouched until the round had finished, with the same
 * topic, language and priority, queued before B and waiting at least as long (so escalation had
 * relaxed A's requirement at least as far as B's), that the agent who got B had never declined or
 * passed on? Such an A was skipped. Rounds during which an agent left availability are left out:
 * the round may have planned that agent for A and lost them under the lock, which the engine allows.
 * Assumes escalation steps only relax a requirement, as the demo topics' do.
 */
export function fifoViolations(input: FifoInput): FifoReport {
  const callsById = new Map(input.calls.map((c) => [c.id, c]));
  const eventsByCall = new Map<string, FifoCallEvent[]>();
  for (const e of input.callEvents) eventsByCall.set(e.callId, [...(eventsByCall.get(e.callId) ?? []), e]);
  const standingByCall = new Map([...eventsByCall].map(([id, events]) => [id, standings(callsById.get(id)!, events)]));
  const shunned = new Map<string, Set<string>>();
  for (const e of input.callEvents) {
    if ((e.type === 'offer_declined' || e.type === 'transferred') && e.agentId) shunned.set(e.callId, (shunned.get(e.callId) ?? new Set()).add(e.agentId));
  }
  // Agents leaving availability: each with the event before it.
  const departures: FifoAgentEvent[] = [];
  for (let i = 1; i < input.agentEvents.length; i++) {
    const [before, e] = [input.agentEvents[i - 1]!, input.agentEvents[i]!];
    if (before.agentId === e.agentId && before.state === 'available' && e.state !== 'available') departures.push(e);
  }

  const report: FifoReport = { roundsWithOffers: 0, roundsLeftOut: 0, orderedPairs: 0, violations: [] };
  for (const round of input.rounds) {
    const offers = input.callEvents.filter((e) => e.xactId === round.xactId && e.type === 'offered');
    if (offers.length === 0) continue;
    report.roundsWithOffers++;
    const visible = visibility(round.snapshot);
    const finished = round.finishedAt.getTime();
    if (departures.some((e) => e.xactId !== round.xactId && !visible(e.xactId) && e.at.getTime() <= finished)) {
      report.roundsLeftOut++;
      continue;
    }

    // Calls the round saw waiting that stayed waiting, untouched by anyone else, until it finished.
    const waitedOn: { call: FifoCall; standing: Standing }[] = [];
    for (const [callId, events] of eventsByCall) {
      const standing = standingByCall.get(callId)!;
      let seen = -1;
      while (seen + 1 < events.length && visible(events[seen + 1]!.xactId)) seen++;
      if (seen < 0 || !standing[seen]!.ready) continue;
      const later = events.slice(seen + 1);
      if (later.some((e) => e.xactId === round.xactId && e.type === 'offered')) continue;
      const other = later.find((e) => e.xactId !== round.xactId);
      if (other && other.at.getTime() <= finished) continue;
      waitedOn.push({ call: callsById.get(callId)!, standing: standing[seen]! });
    }

    for (const offer of offers) {
      const events = eventsByCall.get(offer.callId)!;
      const served = standingByCall.get(offer.callId)![events.findIndex((e) => e.seq === offer.seq) - 1];
      const b = callsById.get(offer.callId)!;
      if (!served?.ready || served.waitingSinceMs === null || served.topicKey === null || served.priority === null || !b.queuedAt) continue;
      for (const { call: a, standing } of waitedOn) {
        if (!a.queuedAt || standing.waitingSinceMs === null || standing.topicKey === null || standing.priority === null) continue;
        if (a.language !== b.language || standing.topicKey !== served.topicKey || standing.priority !== served.priority) continue;
        if (a.queuedAt.getTime() > b.queuedAt.getTime()) {
          report.orderedPairs++;
          continue;
        }
        const slack = standing.approximate || served.approximate ? TRANSFER_CLOCK_SLACK_MS : 0;
        if (a.queuedAt.getTime() === b.queuedAt.getTime() || standing.waitingSinceMs > served.waitingSinceMs - slack) continue;
        if (shunned.get(a.id)?.has(offer.agentId!)) continue;
        const describe = (c: FifoCall, st: Standing) => `${c.id} (${c.direction}, queued ${c.queuedAt!.toISOString()}, waiting since ${new Date(st.waitingSinceMs!).toISOString()})`;
        report.violations.push(`round ${round.xactId} (${st(served)}): ${describe(b, served)} offered to ${offer.agentId} while ${describe(a, standing)} waited`);
      }
    }
  }
  return report;
}

/** Reads what `fifoViolations` needs from a test's database. */
export async function readFifoInput(db: pg.Pool): Promise<FifoInput> {
  const { rows: rounds } = await db.query<{ snapshot: string; xact_id: string; started_at: Date; finished_at: Date }>(
    'SELECT snapshot, xact_id, started_at, finished_at FROM routing_rounds ORDER BY started_at',
  );
  const { rows: calls } = await db.query<{
    id: string;
    direction: string;
    language: string;
    topic_key: string;
    priority: number;
    queued_at: Date | null;
    waiting_since: Date | null;
    transfer_count: number;
  }>('SELECT c.id, c.direction, c.language, t.key AS topic_key, c.priority, c.queued_at, c.waiting_since, c.transfer_count FROM calls c JOIN topics t ON t.id = c.topic_id');
  const { rows: callEvents } = await db.query<{ call_id: string; seq: number; type: string; at: Date; agent_id: string | null; xact_id: string; data: FifoCallEvent['data'] }>(
    'SELECT call_id, seq, type, at, agent_id, xact_id, data FROM call_events ORDER BY call_id, seq',
  );
  const { rows: agentEvents } = await db.query<{ agent_id: string; state: string; at: Date; xact_id: string }>('SELECT agent_id, state, at, xact_id FROM agent_events ORDER BY agent_id, at');
  return {
    rounds: rounds.map((r) => ({ snapshot: r.snapshot, xactId: BigInt(r.xact_id), startedAt: r.started_at, finishedAt: r.finished_at })),
    calls: calls.map((c) => ({
      id: c.id,
      direction: c.direction,
      language: c.language,
      topicKey: c.topic_key,
      priority: c.priority,
      queuedAt: c.queued_at,
      waitingSince: c.waiting_since,
      transferCount: c.transfer_count,
    })),
    callEvents: callEvents.map((e) => ({ callId: e.call_id, seq: e.seq, type: e.type, at: e.at, agentId: e.agent_id, xactId: BigInt(e.xact_id), data: e.data })),
    agentEvents: agentEvents.map((e) => ({ agentId: e.agent_id, state: e.state, at: e.at, xactId: BigInt(e.xact_id) })),
  };
}
