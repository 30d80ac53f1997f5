import type { Outcome } from '@fc/contracts';
import type { ScenarioTopic } from '@fc/simulation';

/**
 * Where a call of this run stands, as the simulator knows it. `accepting`: an agent's accept is
 * on its way, so the caller's patience must not hang up now (the two would race on the api).
 * A callback's accept has the platform dial the caller (`dialling`); unanswered it waits for its
 * next try (`scheduled`: with the api, not in anyone's hand) or, after the last, is `unreachable`.
 */
export type LivePhase = 'waiting' | 'accepting' | 'dialling' | 'talking' | 'wrap_up' | 'completed' | 'abandoned' | 'callback_requested' | 'scheduled' | 'unreachable';

const OPEN: ReadonlySet<LivePhase> = new Set(['waiting', 'accepting', 'dialling', 'talking', 'wrap_up']);

export interface LiveCall {
  callId: string;
  externalId: string;
  direction: 'inbound' | 'callback';
  /** The IVR choice; a repeat call makes the same one. */
  ivrTopic: ScenarioTopic;
  /** The caller's real need, which the bots handle (the api never learns it). */
  need: ScenarioTopic;
  language: string;
  callerId: number | null;
  isRepeat: boolean;
  /** Real time the caller first queued (a callback keeps its original caller's, as the api does). */
  queuedAtMs: number;
  answeredAtMs: number | null;
  endedAtMs: number | null;
  phase: LivePhase;
  transfers: number;
  outcome: Outcome | null;
  /** Hung up because the run ended, not out of impatience. */
  hungUpAtClose: boolean;
  /** The caller's patience ran out while an accept was on its way: hang up if the accept fails. */
  patienceRanOut: boolean;
}

export type CallEnding = 'abandoned' | 'unreachable' | Outcome;

/**
 * Every call this run placed (and every callback it requested), shared by the telephony player,
 * the bots, the progress view and the final check. Endings and transfers are announced to the
 * player, which decides on repeat calls and restarts the caller's patience.
 */
export class CallBook {
  private readonly calls = new Map<string, LiveCall>();
  /** The run's calls by the external id it gave them: a callback's external id names its original's. */
  private readonly byExternal = new Map<string, LiveCall>();
  onEnded: (call: LiveCall, ending: CallEnding) => void = () => undefined;
  /** A call went back to a queue (transferred to another topic): its caller waits again. */
  onRequeued: (call: LiveCall) => void = () => undefined;

  add(call: Omit<LiveCall, 'answeredAtMs' | 'endedAtMs' | 'phase' | 'transfers' | 'outcome' | 'hungUpAtClose' | 'patienceRanOut'>): LiveCall {
    const entry: LiveCall = { ...call, answeredAtMs: null, endedAtMs: null, phase: 'waiting', transfers: 0, outcome: null, hungUpAtClose: false, patienceRanOut: false };
    this.calls.set(call.callId, entry);
    this.byExternal.set(call.externalId, entry);
    return entry;
  }

  get(callId: string): LiveCall | undefined {
    return this.calls.get(callId);
  }

  byExternalId(externalId: string): LiveCall | undefined {
    return this.byExternal.get(externalId);
  }

  all(): LiveCall[] {
    return [...this.calls.values()];
  }

  open(): LiveCall[] {
    return this.all().filter((call) => OPEN.has(call.phase));
  }

  /** An agent is accepting: true if the caller is still there to be answered (a scheduled callback offered again is due). */
  accepting(callId: string): boolean {
    const call = this.calls.get(callId);
    if (!call) return true;
    if (call.phase !== 'waiting' && call.phase !== 'scheduled') return false;
    call.phase = 'accepting';
    return true;
  }

  /** The accept failed (the offer expired or was revoked): the caller waits on. */
  acceptFailed(callId: string): void {
    const call = this.calls.get(callId);
    if (call?.phase === 'accepting') call.phase = 'waiting';
  }

  /** An agent accepted a callback: the platform dials its caller. */
  dialling(callId: string): void {
    const call = this.calls.get(callId);
    if (call && (call.phase === 'accepting' || call.phase === 'waiting' || call.phase === 'scheduled')) call.phase = 'dialling';
  }

  /** The callback's caller did not answer: the api tries again later, or (`unreachable`) gives up. */
  dialFailed(callId: string, unreachable: boolean, atMs: number): void {
    const call = this.calls.get(callId);
    if (!call || !OPEN.has(call.phase)) return;
    if (!unreachable) {
      call.phase = 'scheduled';
      return;
    }
    call.phase = 'unreachable';
    call.endedAtMs = atMs;
    this.onEnded(call, 'unreachable');
  }

  /** The platform bridged the caller to the agent who accepted (a callback's caller answered the dial). */
  connected(callId: string, atMs: number): void {
    const call = this.calls.get(callId);
    if (!call || (call.phase !== 'accepting' && call.phase !== 'waiting' && call.phase !== 'dialling')) return;
    call.phase = 'talking';
    call.answeredAtMs ??= atMs;
  }

  transferred(callId: string): void {
    const call = this.calls.get(callId);
    if (!call) return;
    call.phase = 'waiting';
    call.transfers++;
    this.onRequeued(call);
  }

  wrapUp(callId: string, atMs: number): void {
    const call = this.calls.get(callId);
    if (!call || !OPEN.has(call.phase)) return;
    call.phase = 'wrap_up';
    call.endedAtMs ??= atMs;
  }

  completed(callId: string, outcome: Outcome, atMs: number): void {
    const call = this.calls.get(callId);
    if (!call || !OPEN.has(call.phase)) return;
    call.phase = 'completed';
    call.outcome = outcome;
    call.endedAtMs ??= atMs;
    this.onEnded(call, outcome);
  }

  abandoned(callId: string, atMs: number, atClose: boolean): void {
    const call = this.calls.get(callId);
    if (!call || !OPEN.has(call.phase)) return;
    call.phase = 'abandoned';
    call.endedAtMs = atMs;
    call.hungUpAtClose = atClose;
    this.onEnded(call, 'abandoned');
  }

  callbackRequested(callId: string, atMs: number): void {
    const call = this.calls.get(callId);
    if (!call || call.phase !== 'waiting') return;
    call.phase = 'callback_requested';
    call.endedAtMs = atMs;
  }
}
