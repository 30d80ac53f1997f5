import type { JourneyCheck } from './journey-check.js';
import type { CallCounts } from './live-figures.js';
import type { RequestCounts } from './live-api.js';
import type { PlatformEventsMode } from './live-options.js';
import type { CallbackDials } from './telephony-player.js';
import type { EstimateError } from './wait-estimates.js';

export type StopReason = 'duration' | 'signal' | 'day over';

/** What `simulate -- live` prints at the end (`--json`: this object). */
export interface LiveSummary {
  scenario: string;
  api: string;
  scale: number;
  volume: number;
  seed: number;
  agents: number;
  simulated: { from: string; to: string };
  /** Real seconds of traffic, then of the drain and close, and of the whole run. */
  realSec: { traffic: number; drain: number; total: number };
  stoppedBy: StopReason;
  calls: CallCounts;
  serviceLevel: number | null;
  asaSec: number | null;
  asaRealSec: number | null;
  fcr: number | null;
  requests: RequestCounts;
  /** Per topic: how far the api's estimated waits were from the waits that followed (real seconds). */
  waitEstimates: Record<string, EstimateError>;
  /**
   * Platform events acted on, and repeats the feed or webhook brought twice and were dropped; how
   * they came; webhook requests refused (a bad signature or body) and events that came before
   * an earlier one of their call and waited for it.
   */
  platformEvents: { mode: PlatformEventsMode; events: number; repeats: number; refused: number; early?: number };
  /** The platform's dials of callbacks: made, answered, not (no answer or busy), and of those the last try allowed. */
  callbackDials: CallbackDials;
  /** The routing invariants over this run's calls; null when the run stopped at once (--quick-stop). */
  invariants: JourneyCheck | null;
  ok: boolean;
}

const estimateErrors = (byTopic: LiveSummary['waitEstimates']) =>
  Object.entries(byTopic)
    .map(([topic, e]) => `${topic} ${seconds(e.meanAbsErrorSec)} (${e.estimates})`)
    .join(', ') || 'no estimate settled';
const percent = (share: number | null) => (share === null ? '–' : `${(share * 100).toFixed(1)} %`);
const seconds = (sec: number | null) => (sec === null ? '–' : `${sec.toFixed(1)} s`);

/** The summary for people. */
export function renderSummary(s: LiveSummary): string {
  const c = s.calls;
  const outcomes = Object.entries(c.outcomes)
    .map(([outcome, n]) => `${outcome} ${n}`)
    .join(', ');
  const lines = [
    `live run: ${s.scenario}, ×${s.scale}${s.volume === 1 ? '' : `, volume ×${s.volume}`}, seed ${s.seed}, ${s.agents} agents, ${s.api}`,
    `  simulated ${s.simulated.from} → ${s.simulated.to}; real ${s.realSec.traffic.toFixed(0)} s of traffic + ${s.realSec.drain.toFixed(0)} s to close (stopped by ${s.stoppedBy})`,
    `  calls placed ${c.placed} (repeats ${c.repeats}), answered ${c.answered}, completed ${c.completed}, abandoned ${c.abandoned}, callbacks ${c.callbacks}, transfers ${c.transfers}, declines ${c.declines}`,
    `  hung up at close ${c.hungUpAtClose}, wrap-ups timed out ${c.notRecorded}; outcomes: ${outcomes || 'none'}`,
    `  service level ${percent(s.serviceLevel)}, ASA ${seconds(s.asaSec)} simulated (${seconds(s.asaRealSec)} real), FCR ${percent(s.fcr)}`,
    `  callbacks dialled ${s.callbackDials.dialled}: answered ${s.callbackDials.answered}, unanswered ${s.callbackDials.unanswered}, unreachable after the last try ${s.callbackDials.unreachable}`,
    `  platform events by ${s.platformEvents.mode} ${s.platformEvents.events} (repeats dropped ${s.platformEvents.repeats}${s.platformEvents.mode === 'webhook' ? `, refused ${s.platformEvents.refused}, came early ${s.platformEvents.early ?? 0}` : ''}); estimated wait, mean absolute error: ${estimateErrors(s.waitEstimates)}`,
    `  requests ${s.requests.sent}, lost races ${s.requests.races}, errors ${s.requests.errors}${s.requests.lastError ? ` (last: ${s.requests.lastError})` : ''}`,
  ];
  const check = s.invariants;
  if (!check) lines.push('  routing invariants: not checked (stopped at once)');
  else {
    lines.push(
      `  routing invariants over ${check.calls} calls and ${check.offers} offers: ${check.ok ? 'all hold' : 'VIOLATED'}` +
        ` (double offers ${check.doubleOffers.length}, overlapping holds ${check.overlappingHolds.length}, not exactly one terminal state ${check.badTerminals.length}, unreadable ${check.unreadable.length})` +
        (check.scheduled.length ? `; callbacks waiting for their next try ${check.scheduled.length}` : ''),
    );
    for (const finding of [
      ...check.doubleOffers.map((f) => `double offer: ${f}`),
      ...check.overlappingHolds.map((f) => `overlapping holds: ${f}`),
      ...check.badTerminals.map((f) => `terminal state: ${f}`),
      ...check.unreadable.map((f) => `unreadable: ${f}`),
    ].slice(0, 20)) {
      lines.push(`    ${finding}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
