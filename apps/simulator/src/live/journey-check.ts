import { CallState, type CallView } from '@fc/contracts';
import { checkJourneyInvariants, type JourneyLogEntry } from '@fc/domain';
import type { LiveApi } from './live-api.js';

export interface JourneyCheck {
  calls: number;
  offers: number;
  /** Offers made while the call was already offered to or connected with an agent. */
  doubleOffers: string[];
  /** Pairs of calls one agent held at the same time. */
  overlappingHolds: string[];
  /** Calls not in exactly one terminal state with exactly one terminal event. */
  badTerminals: string[];
  /** Callbacks whose caller did not answer, waiting for their next try (CALLBACK_RETRY_MIN) when the run ended: not over, and rightly so. */
  scheduled: string[];
  /** Calls the api would not show: unchecked, so the check fails. */
  unreadable: string[];
  ok: boolean;
}

/**
 * The routing invariants of DESIGN §4 over this run's calls, from their journeys as the api shows
 * them to a supervisor: one call per agent at a time, one agent per call at a time, every call in
 * exactly one terminal state.
 */
export function analyseJourneys(calls: readonly CallView[], unreadable: readonly string[] = []): JourneyCheck {
  const log: JourneyLogEntry[] = [];
  for (const call of calls) {
    const events = [...(call.events ?? [])].sort((a, b) => a.seq - b.seq);
    for (const event of events) {
      const data = event.data as { to?: unknown; toAgentId?: unknown; late?: unknown; gaveUp?: unknown };
      log.push({
        callId: call.id,
        seq: event.seq,
        type: event.type,
        at: new Date(event.at),
        agentId: event.agentId,
        // What the analysis reads: a transfer's target, an outcome added late, a callback given up on (its end).
        data: {
          to: typeof data.to === 'string' ? data.to : undefined,
          toAgentId: typeof data.toAgentId === 'string' ? data.toAgentId : undefined,
          late: data.late === true,
          gaveUp: data.gaveUp === true,
        },
      });
    }
  }
  const report = checkJourneyInvariants(
    calls.map((call) => ({ id: call.id, state: call.state })),
    log,
  );
  const { doubleOffers, overlappingHolds } = report;
  // A scheduled callback is not over and has no terminal event yet, rightly: only one with a terminal event stays a finding.
  const scheduled = calls.filter((call) => call.state === CallState.Scheduled).map((call) => call.id);
  const notOver = new Set(scheduled.map((id) => `${id}: ${CallState.Scheduled}, 0 terminal events`));
  const badTerminals = report.badTerminals.filter((finding) => !notOver.has(finding));
  return {
    calls: report.calls + unreadable.length,
    offers: report.offers,
    doubleOffers,
    overlappingHolds,
    badTerminals,
    scheduled,
    unreadable: [...unreadable],
    ok: doubleOffers.length === 0 && overlappingHolds.length === 0 && badTerminals.length === 0 && unreadable.length === 0,
  };
}

/** Reads every call with its journey (`GET /api/calls/:id` as a supervisor), a few at a time, and checks them. */
export async function checkJourneys(api: LiveApi, token: string, callIds: readonly string[], concurrency = 6): Promise<JourneyCheck> {
  const calls: CallView[] = [];
  const unreadable: string[] = [];
  let next = 0;
  const reader = async () => {
    while (next < callIds.length) {
      const id = callIds[next++]!;
      const result = await api.get<CallView>(`/api/calls/${id}`, { token });
      if (result.ok) calls.push(result.body);
      else unreadable.push(`${id}: ${result.error}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, callIds.length) }, reader));
  return analyseJourneys(calls, unreadable);
}
