import { CallState, DialResult, Outcome, PlatformEventType, type CallStateResponse, type PlatformEvent } from '@fc/contracts';
import { ArrivalStream, callsAgain, minutesOf, sample, type Arrival, type Random, type Scenario } from '@fc/simulation';
import type { CallBook, CallEnding, LiveCall } from './call-book.js';
import type { LiveApi } from './live-api.js';
import type { SimulatedClock } from './simulated-clock.js';
import { WaitEstimates } from './wait-estimates.js';

const DAY_SEC = 86_400;
/** Patience that ran out while an accept was on its way is acted on by this sweep, if the accept failed. */
const SWEEP_MS = 1000;
/** Of the callers who do not answer a callback's dial, the share whose line is busy (the rest let it ring out). */
const BUSY_SHARE = 0.25;
/** Simulated seconds a dial rings: until an answering caller picks up, until the platform gives up, until busy is heard. */
const RING_SEC = { answeredMin: 4, answeredMax: 20, noAnswer: 30, busy: 3 } as const;
/** A callback's external id: its original's, then `:callback` and, from the second callback of one call, its number. */
const CALLBACK_EXTERNAL_ID = /^(.+):callback(?::\d+)?$/;

/** How the platform's dials of callbacks went, for the summary. */
export interface CallbackDials {
  /** `call.dial`s acted on. */
  dialled: number;
  answered: number;
  /** No answer or busy: the api tries again later, or gives up. */
  unanswered: number;
  /** Of the unanswered, those after the last try the api allows: the callback went to a supervisor. */
  unreachable: number;
}

export interface TelephonyPlayerOptions {
  /** Makes this run's external ids unique on the api. */
  runId: string;
  /** Multiplies the scenario's call volume. */
  volume: number;
  /** Skip the night at the end of the day and play the next one. */
  loop: boolean;
  /** Draws the arrivals: a seed replays the same callers whatever the timing. */
  random: Random;
  /** Draws the callers' behaviour: patience, callback take-up, repeat calls. */
  callerRandom: Random;
  /** Shifts this run's caller numbers, so two runs on one database rarely share callers. */
  numberOffset: number;
  /** The share of callback dials the caller answers. */
  callbackAnswerRate: number;
}

/**
 * Plays the telephony platform: callers arrive by the scenario's Poisson stream on the simulated
 * clock and are reported to the api (`POST /api/telephony/calls`); a caller whose patience runs out
 * before an agent answers hangs up; a caller left unresolved or who gave up may call again later
 * about the same need, from the same number, choosing the same topic.
 *
 * It acts on the api's platform events (DESIGN §11) as a platform does: a caller is bridged to
 * the agent on `call.connect`, a caller asked about a callback (`call.callback_offer`) takes it
 * by the scenario's take-up, a callback's caller is dialled on `call.dial` and answers after a
 * ring by the answer rate (the result goes back as `dial-result`), and every estimated wait it is
 * told is scored against the wait that followed. Callbacks the api makes of this run's calls on its
 * own (a long abandon's follow-up) are taken into the book when first heard of.
 */
export class TelephonyPlayer {
  private stream: ArrivalStream;
  private arrivalsUntilSec: number;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly repeatTimers = new Set<NodeJS.Timeout>();
  private arrivalTimer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  /** Bumped when a caller's pending patience no longer applies (answered, or a new wait began). */
  private readonly patienceTokens = new Map<string, number>();
  /** The estimated waits the api announced, scored against the waits that followed. */
  readonly estimates = new WaitEstimates();
  readonly dials: CallbackDials = { dialled: 0, answered: 0, unanswered: 0, unreachable: 0 };
  private readonly inFlight = new Set<Promise<unknown>>();
  private sequence = 0;
  private stopped = false;
  /** The day's arrivals are over and no loop follows. */
  dayOver = false;

  constructor(
    private readonly api: LiveApi,
    private readonly book: CallBook,
    private readonly scenario: Scenario,
    private readonly clock: SimulatedClock,
    private readonly options: TelephonyPlayerOptions,
  ) {
    const fromSec = clock.nowSec();
    this.stream = new ArrivalStream(scenario, options.random, { fromSec, rateFactor: options.volume });
    this.arrivalsUntilSec = Math.floor(fromSec / DAY_SEC) * DAY_SEC + minutesOf(scenario.day.end) * 60;
    book.onEnded = (call, ending) => this.ended(call, ending);
    book.onRequeued = (call) => this.waitAgain(call);
  }

  /** Starts arrivals; the clock must be running. */
  start(): void {
    this.scheduleArrival();
    this.sweepTimer = setInterval(() => this.sweep(), SWEEP_MS);
  }

  /** No more callers: arrivals and pending repeat calls stop; waiting callers stay on the line. */
  stopArrivals(): void {
    this.stopped = true;
    clearTimeout(this.arrivalTimer);
    for (const timer of this.repeatTimers) clearTimeout(timer);
    this.repeatTimers.clear();
  }

  /** No more arrivals and no repeat call pending. */
  get idle(): boolean {
    return (this.dayOver || this.stopped) && this.repeatTimers.size === 0 && this.inFlight.size === 0;
  }

  /** The run closes: every caller still waiting hangs up. Returns how many were hung up. */
  async hangUpWaiting(): Promise<number> {
    await Promise.all(this.inFlight);
    const waiting = this.book.open().filter((call) => call.phase === 'waiting');
    await Promise.all(waiting.map((call) => this.hangUp(call, true)));
    return waiting.length;
  }

  /** Stops every timer; calls are left as they are. */
  close(): void {
    this.stopArrivals();
    clearInterval(this.sweepTimer);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private scheduleArrival(): void {
    if (this.stopped) return;
    const arrival = this.stream.next(this.arrivalsUntilSec);
    if (arrival) {
      this.arrivalTimer = setTimeout(() => {
        this.track(this.place(arrival, false));
        this.scheduleArrival();
      }, this.clock.realMsUntil(arrival.atSec));
      return;
    }
    // Nobody else calls today: at the day's end the line closes, or (looping) the night is skipped.
    this.arrivalTimer = setTimeout(() => {
      if (!this.options.loop) {
        this.dayOver = true;
        return;
      }
      const nextDay = (Math.floor(this.arrivalsUntilSec / DAY_SEC) + 1) * DAY_SEC;
      const dayStart = nextDay + minutesOf(this.scenario.day.start) * 60;
      this.clock.skipTo(dayStart);
      this.arrivalsUntilSec = nextDay + minutesOf(this.scenario.day.end) * 60;
      this.stream = new ArrivalStream(this.scenario, this.options.random, { fromSec: dayStart, rateFactor: this.options.volume });
      this.scheduleArrival();
    }, this.clock.realMsUntil(this.arrivalsUntilSec));
  }

  /** Keeps count of what is under way, so the close waits for it; a failure is counted, never thrown. */
  private track(work: Promise<unknown>): void {
    const settled = work.then(
      () => undefined,
      (error: unknown) => {
        this.api.counts.errors++;
        this.api.counts.lastError = `telephony: ${(error as Error).message}`;
      },
    );
    this.inFlight.add(settled);
    void settled.then(() => this.inFlight.delete(settled));
  }

  /** A stable mobile number per caller: the api finds repeat contacts by it. */
  private numberOf(callerId: number): string {
    return `+479${String((this.options.numberOffset + callerId) % 10_000_000).padStart(7, '0')}`;
  }

  private async place(arrival: Arrival, isRepeat: boolean): Promise<void> {
    const externalId = `sim-${this.options.runId}-${++this.sequence}`;
    // Each simulated day's stream counts callers from 1 again: keep the days' callers apart.
    const callerId = arrival.callerId === null ? null : arrival.callerId + (isRepeat ? 0 : Math.floor(arrival.atSec / DAY_SEC) * 100_000);
    const queuedAtMs = Date.now();
    const result = await this.api.post<CallStateResponse>('/api/telephony/calls', {
      telephony: true,
      body: { externalId, ...(callerId === null ? {} : { callerNumber: this.numberOf(callerId) }), topicKey: arrival.topic.key, language: arrival.language },
    });
    if (!result.ok) return;
    const call = this.book.add({
      callId: result.body.callId,
      externalId,
      direction: 'inbound',
      ivrTopic: arrival.topic,
      need: arrival.need,
      language: arrival.language,
      callerId,
      isRepeat,
      queuedAtMs,
    });
    this.waitAgain(call);
  }

  /** The caller (again) waits in a queue: their patience starts afresh, and so does the callback watch. */
  private waitAgain(call: LiveCall): void {
    const token = (this.patienceTokens.get(call.callId) ?? 0) + 1;
    this.patienceTokens.set(call.callId, token);
    const patience = this.scenario.behaviour.patienceSec;
    // A callback's caller is not on the line, so has no patience to lose.
    if (patience && call.direction === 'inbound') {
      this.after(this.clock.realMs(sample(patience, this.options.callerRandom)), () => this.patienceRanOut(call, token));
    }
  }

  private patienceRanOut(call: LiveCall, token: number): void {
    if (this.patienceTokens.get(call.callId) !== token) return;
    if (call.phase === 'waiting') this.track(this.hangUp(call, false));
    else if (call.phase === 'accepting') call.patienceRanOut = true;
  }

  /** Acts on patience that ran out while an accept was on its way and then failed. */
  private sweep(): void {
    for (const call of this.book.open()) {
      if (call.patienceRanOut && call.phase === 'waiting') {
        call.patienceRanOut = false;
        this.track(this.hangUp(call, false));
      }
    }
  }

  private async hangUp(call: LiveCall, atClose: boolean): Promise<void> {
    const result = await this.api.post<CallStateResponse>(`/api/telephony/calls/${call.callId}/hangup`, { telephony: true, races: [404, 409] });
    // Anything but abandoned means an agent got there first; the bot carries the call on.
    if (result.ok && result.body.state === 'abandoned') this.book.abandoned(call.callId, Date.now(), atClose);
  }

  /** A platform event of one of this run's calls, in `seq` order, once. */
  heard(event: PlatformEvent): void {
    const call = this.book.get(event.callId) ?? this.adoptCallback(event);
    // The platform dials whoever it is told to, even a callback of a call placed by someone else (a curl, an earlier run): an agent waits on it.
    if (!call && event.type === PlatformEventType.Dial) this.dial(event.callId);
    if (!call) return;
    switch (event.type) {
      case PlatformEventType.Queued:
      case PlatformEventType.Position:
      case PlatformEventType.Requeued:
        this.estimates.said(call.callId, event.data.topicKey, event.data.estimatedWaitSec, event.at);
        return;
      case PlatformEventType.Ringing:
        this.estimates.offered(call.callId, event.at);
        return;
      case PlatformEventType.Connect:
        // The caller's leg is bridged to the agent.
        this.book.connected(call.callId, Date.parse(event.at));
        return;
      case PlatformEventType.Dial:
        this.dial(call.callId);
        return;
      case PlatformEventType.CallbackOffer:
        this.track(this.offeredCallback(call));
        return;
      case PlatformEventType.Transfer:
      case PlatformEventType.Release:
        return;
    }
  }

  /** Asked in the queue whether they want a callback, the caller decides by the scenario's take-up: their call ends and a callback call keeps their place. */
  private async offeredCallback(call: LiveCall): Promise<void> {
    // Someone is already picking up, or the caller has no number to be called back on.
    if (call.phase !== 'waiting' || call.direction !== 'inbound' || call.callerId === null) return;
    if (this.options.callerRandom() >= this.scenario.behaviour.callbackTakeUp) return;
    const taken = await this.api.post<CallStateResponse & { callbackCallId: string }>(`/api/telephony/calls/${call.callId}/callback`, { telephony: true, races: [409] });
    if (!taken.ok) return;
    this.book.callbackRequested(call.callId, Date.now());
    this.estimates.left(call.callId);
    this.patienceTokens.set(call.callId, (this.patienceTokens.get(call.callId) ?? 0) + 1);
    // Its first event may have come before this answer (an agent was free at once): then it is in the book already.
    const adopted = this.book.get(taken.body.callbackCallId);
    if (adopted) {
      adopted.queuedAtMs = call.queuedAtMs;
      return;
    }
    this.book.add({
      callId: taken.body.callbackCallId,
      externalId: `${call.externalId}:callback`,
      direction: 'callback',
      ivrTopic: call.ivrTopic,
      need: call.need,
      language: call.language,
      callerId: call.callerId,
      isRepeat: false,
      queuedAtMs: call.queuedAtMs,
    });
  }

  /**
   * An event of a call this run did not place: a callback of one of its calls (a long abandon's
   * follow-up, or a virtual hold heard of before the api's answer) joins the book, on behalf of
   * the same caller with the same need.
   */
  private adoptCallback(event: PlatformEvent): LiveCall | undefined {
    const original = CALLBACK_EXTERNAL_ID.exec(event.externalId)?.[1];
    const of = original === undefined ? undefined : this.book.byExternalId(original);
    if (!of) return undefined;
    return this.book.add({
      callId: event.callId,
      externalId: event.externalId,
      direction: 'callback',
      ivrTopic: of.ivrTopic,
      need: of.need,
      language: of.language,
      callerId: of.callerId,
      isRepeat: false,
      // A virtual hold keeps the caller's first queueing (fixed when the api's answer comes); a follow-up queued now.
      queuedAtMs: Date.now(),
    });
  }

  /**
   * `call.dial`: the platform rings the callback's caller, who answers by the answer rate after a
   * few seconds, or lets it ring out, or is busy; the result goes back to the api, which connects
   * the agent or frees them and tries again later.
   */
  private dial(callId: string): void {
    this.dials.dialled++;
    const random = this.options.callerRandom;
    const result = random() < this.options.callbackAnswerRate ? DialResult.Answered : random() < BUSY_SHARE ? DialResult.Busy : DialResult.NoAnswer;
    const ringSec = result === DialResult.Answered ? RING_SEC.answeredMin + random() * (RING_SEC.answeredMax - RING_SEC.answeredMin) : result === DialResult.Busy ? RING_SEC.busy : RING_SEC.noAnswer;
    this.after(this.clock.realMs(ringSec), () => this.reportDial(callId, result));
  }

  private async reportDial(callId: string, result: DialResult): Promise<void> {
    // 409: the api gave up waiting (CALLBACK_DIAL_TIMEOUT_SEC) before the ring ended.
    const reported = await this.api.post<CallStateResponse>(`/api/telephony/calls/${callId}/dial-result`, { telephony: true, body: { result }, races: [404, 409] });
    if (!reported.ok) return;
    if (reported.body.state === CallState.Connected) {
      this.dials.answered++;
      this.book.connected(callId, Date.now());
      return;
    }
    this.dials.unanswered++;
    const unreachable = reported.body.state === CallState.Unreachable;
    if (unreachable) this.dials.unreachable++;
    this.book.dialFailed(callId, unreachable, Date.now());
  }

  /** A call ended: will the caller ring again about the same need, while the line is open? */
  private ended(call: LiveCall, ending: CallEnding): void {
    this.patienceTokens.set(call.callId, (this.patienceTokens.get(call.callId) ?? 0) + 1);
    this.estimates.left(call.callId);
    if (this.stopped || call.hungUpAtClose) return;
    // As the offline engine: a caller who gave up after being answered (and transferred) is not counted again.
    if (ending === 'abandoned' && call.answeredAtMs !== null) return;
    if (ending === Outcome.NotRecorded) return;
    // Not reached on their callback: the api hands it to a supervisor, who calls them.
    if (ending === 'unreachable') return;
    if (!callsAgain(this.scenario.behaviour, ending, this.options.callerRandom)) return;
    const delaySec = sample(this.scenario.behaviour.repeat.delaySec, this.options.callerRandom);
    const atSec = this.clock.nowSec() + delaySec;
    if (atSec >= this.arrivalsUntilSec) return;
    const timer = setTimeout(() => {
      this.repeatTimers.delete(timer);
      if (this.stopped) return;
      this.track(this.place({ atSec, topic: call.ivrTopic, need: call.need, language: call.language, callerId: call.callerId }, true));
    }, this.clock.realMs(delaySec));
    this.repeatTimers.add(timer);
  }

  private after(ms: number, work: () => void | Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const result = work();
      if (result) this.track(result);
    }, ms);
    this.timers.add(timer);
  }
}
