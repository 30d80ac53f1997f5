import type { CallState } from '@fc/contracts';
import { isTerminal } from './call-journey.js';
/** One journey log entry, as the invariant analysis needs it. */
export interface JourneyLogEntry {
  callId: string;
  seq: number;
  type: string;
  at: Date;
  agentId: string | null;
  data: { to?: string; toAgentId?: string; late?: boolean; gaveUp?: boolean };
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

const TERMINAL_EVENTS = new Set(['outcome_recorded', 'abandoned', 'callback_requested', 'callback_withdrawn']);
/** Whether the entry ends its call: a terminal event (not an outcome added late), or the callback dial given up on. */
const endsCall = (e: JourneyLogEntry) => (TERMINAL_EVENTS.has(e.type) && !e.data?.late) || (e.type === 'dial_failed' && e.data?.gaveUp === true);

/**
 * Rebuilds from the journey logs alone who held which call when, and checks the routing
 * invariants of DESIGN §4: one call per agent at a time, one agent per call at a time, and
 * exactly one terminal state per call. `log` must be ordered by call, then seq.
 */
export function checkJourneyInvariants(calls: readonly { id: string; state: string }[], log: readonly JourneyLogEntry[]): InvariantReport {
  const report: InvariantReport = { calls: calls.length, offers: 0, doubleOffers: [], overlappingHolds: [], badTerminals: [], holds: [] };
  const byCall = new Map<string, JourneyLogEntry[]>();
  for (const entry of log) {
    const entries = byCall.get(entry.callId);
    if (entries) entries.push(entry);
    else byCall.set(entry.callId, [entry]);
  }

  for (const call of calls) {
    const entries = byCall.get(call.id) ?? [];
    // An outcome added after a timed-out wrap-up (data.late) does not end the call a second time.
    const terminalEvents = entries.filter(endsCall).length;
    if (!isTerminal(call.state as CallState) || terminalEvents !== 1) report.badTerminals.push(`${call.id}: ${call.state}, ${terminalEvents} terminal events`);

    let holder: { agentId: string; from: number } | null = null;
    const release = (at: Date) => {
      if (holder) report.holds.push({ agentId: holder.agentId, callId: call.id, from: holder.from, to: at.getTime() });
      holder = null;
    };
    for (const entry of entries) {
      switch (entry.type) {
        case 'offered':
          report.offers++;
          if (holder) report.doubleOffers.push(`${call.id} seq ${entry.seq}`);
          release(entry.at);
          holder = { agentId: entry.agentId!, from: entry.at.getTime() };
          break;
        case 'offer_declined':
        case 'offer_expired':
        case 'offer_revoked':
        case 'dial_failed':
        case 'abandoned':
        case 'outcome_recorded':
          release(entry.at);
          break;
        case 'transferred':
          release(entry.at);
          if (entry.data.to === 'agent') holder = { agentId: entry.data.toAgentId!, from: entry.at.getTime() };
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
