import {
  AgentState,
  BreakReason,
  CallState,
  Outcome,
  RealtimeNamespace,
  type AgentClientToServerEvents,
  type AgentMeView,
  type AgentOfferEvent,
  type AgentServerToClientEvents,
  type AgentStateEvent,
  type AgentStateReason,
  type CallView,
  type FloorCallView,
  type RecordOutcomeRequest,
  type SelectableAgentState,
} from '@fc/contracts';
import { decideHandling, sample, type Random, type Scenario, type ScenarioAgent, type ScenarioTopic } from '@fc/simulation';
import { io, type Socket } from 'socket.io-client';
import type { CallBook } from './call-book.js';
import type { DutyRoster } from './duty-roster.js';
import { LiveRunError, type ApiResult, type LiveApi, type RequestOptions } from './live-api.js';
import type { SimulatedClock } from './simulated-clock.js';
import { sleep } from './sleep.js';

type AgentSocket = Socket<AgentServerToClientEvents, AgentClientToServerEvents>;

/** What the bots count together, for the progress view and the summary. */
export interface BotCounters {
  transfers: number;
  declines: number;
}

export interface AgentBotContext {
  api: LiveApi;
  book: CallBook;
  scenario: Scenario;
  clock: SimulatedClock;
  password: string;
  counters: BotCounters;
}

/** How long a state change may take to come back over the socket before the bot asks again. */
const STATE_ECHO_MS = 2000;
/** While the platform dials a callback's caller, how often the bot asks the api, in case the socket missed the news (real ms). */
const DIAL_CHECK_MS = 2000;
/** Call states that end each stage of the bot's work early: the caller hung up, or the api timed the wrap-up out. */
const ENDS_STAGE: Record<'talking' | 'wrap_up', ReadonlySet<string>> = {
  talking: new Set([CallState.WrapUp, CallState.Completed, CallState.Abandoned]),
  wrap_up: new Set([CallState.Completed]),
};

/**
 * One agent at a console: signs in with the password, listens on the `/agent` socket, follows the
 * shift and breaks of their group on the simulated clock, and works each offer as the scenario's
 * behaviour says — through `decideHandling`, the same function the offline engine asks, so both
 * modes handle calls alike. Every request may lose a race (the caller hung up, the offer was
 * revoked or expired, the wrap-up timed out); the bot then carries on with what the api says.
 */
export class AgentBot {
  state: AgentState = AgentState.Offline;
  /** Why the agent is on a break (`missed` after an offer ran out, RONA), or was logged off (`console_lost`). */
  stateReason: AgentStateReason | null = null;
  private stateVersion = -1;
  private token = '';
  private skills = new Map<string, number>();
  private socket: AgentSocket | null = null;
  /** The call in hand, from offer to outcome; one at a time. */
  private work: Promise<void> | null = null;
  private current: { callId: string; stage: 'ringing' | 'dialling' | 'talking' | 'wrap_up'; ringing: AbortController; dialled: AbortController; gone: AbortController } | null = null;
  private expecting: { state: SelectableAgentState; untilMs: number } | null = null;
  private readonly hurry = new AbortController();
  private closed = false;

  constructor(
    readonly agent: ScenarioAgent,
    private readonly roster: DutyRoster,
    private readonly random: Random,
    private readonly ctx: AgentBotContext,
  ) {}

  /** Logged off with no call in hand. */
  get offDuty(): boolean {
    return this.state === AgentState.Offline && this.work === null;
  }

  /** Signs in and reads the agent's skills as the api knows them (routing uses those, so handling does too). */
  async signIn(): Promise<void> {
    const session = await this.ctx.api.login(this.agent.name, this.ctx.password);
    if (!session.user.agentId) throw new LiveRunError(`${this.agent.name} signed in but is not an agent (role ${session.user.role})`);
    this.token = session.accessToken;
    const me = await this.ctx.api.get<AgentMeView>('/api/agents/me', { token: this.token });
    if (!me.ok) throw new LiveRunError(`cannot read ${this.agent.name}'s profile: ${me.error}`);
    this.skills = new Map(me.body.skills.map((s) => [s.skillKey, s.proficiency]));
    this.state = me.body.state;
    this.stateReason = me.body.stateReason;
    // A call left in hand by an earlier run (stopped at once, or crashed) is finished first.
    if (me.body.activeCall) this.begin(me.body.activeCall.callId, () => this.finishLeftover(me.body.activeCall!.callId, me.body.activeCall!.state));
  }

  /** Opens the agent's socket; resolves once the api has told the agent's state. */
  connect(): Promise<void> {
    if (this.closed) return Promise.resolve();
    const socket: AgentSocket = io(`${this.ctx.api.baseUrl}${RealtimeNamespace.Agent}`, {
      transports: ['websocket'],
      auth: { token: this.token },
      forceNew: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
    });
    this.socket = socket;
    socket.on('state', (event) => this.onState(event));
    socket.on('offer', (offer) => this.onOffer(offer));
    socket.on('offer.revoked', ({ callId }) => {
      if (this.current?.callId === callId) this.current.ringing.abort();
    });
    socket.on('call.updated', (call) => this.onCallUpdated(call));
    socket.on('disconnect', (reason) => {
      // The api disconnects a socket whose token expired: sign in again and come back.
      if (reason === 'io server disconnect' && !this.closed) void this.renewSession().then(() => socket.connect());
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new LiveRunError(`${this.agent.name}'s socket got no state from the api within 15 s`)), 15_000);
      socket.once('state', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('connect_error', (error: Error & { data?: { message?: string } }) => {
        if (error.data?.message) {
          clearTimeout(timer);
          reject(new LiveRunError(`${this.agent.name}'s socket was refused: ${error.data.message}`));
        }
      });
    });
  }

  /**
   * Called a few times a second: when no call is in hand, brings the agent's state in line with
   * their shift and breaks (and back from a missed offer's break). While the socket is away the bot
   * waits, as a person looking at the console's "connection lost" banner would; back after the api
   * took them off the phones (offline, `console_lost`), it makes itself available again if the shift runs.
   */
  tick(): void {
    if (this.work || this.closed || !this.token || !this.socket?.connected) return;
    if (this.state === AgentState.Reserved || this.state === AgentState.OnCall || this.state === AgentState.WrapUp) return;
    if (this.expecting && Date.now() < this.expecting.untilMs) return;
    this.expecting = null;
    const duty = this.roster.dutyWhenFree(this.ctx.clock.nowSec());
    if (duty.kind === 'available' && this.state !== AgentState.Available) void this.setState(AgentState.Available);
    if (duty.kind === 'break' && this.state === AgentState.Available) void this.setState(AgentState.Break, BreakReason.Break);
    if (duty.kind === 'break' && this.state === AgentState.Offline) void this.setState(AgentState.Break, BreakReason.Break);
    if (duty.kind === 'offline' && this.state !== AgentState.Offline) void this.setState(AgentState.Offline);
  }

  /** The run closes: the call in hand ends now (no more talk or wrap-up time). */
  hurryUp(): void {
    this.hurry.abort();
  }

  /** Resolves when the call in hand (if any) is done, or after `timeoutMs`. */
  async settled(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.work && Date.now() < deadline) await Promise.race([this.work, sleep(Math.max(0, deadline - Date.now()))]);
  }

  /** Logs the agent off (when no call is in hand) and closes the socket. */
  async logOff(): Promise<void> {
    this.closed = true;
    if (!this.work && this.token && this.state !== AgentState.Offline) {
      await this.authed('PUT', '/api/agents/me/state', { body: { state: AgentState.Offline }, races: [409] });
    }
    this.close();
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
    this.socket = null;
  }

  private onState(event: AgentStateEvent): void {
    if (event.version <= this.stateVersion) return;
    this.stateVersion = event.version;
    this.state = event.state;
    this.stateReason = event.stateReason;
    if (this.expecting?.state === event.state) this.expecting = null;
    // No longer reserved while it still rings: the offer ended, perhaps while the socket was away and its revocation with it.
    if (this.current?.stage === 'ringing' && event.state !== AgentState.Reserved) this.current.ringing.abort();
    // Freed while dialling a callback: the caller did not answer (or the dial timed out).
    if (this.current?.stage === 'dialling' && event.state !== AgentState.Reserved && event.state !== AgentState.OnCall) this.current.dialled.abort();
  }

  private onOffer(offer: AgentOfferEvent): void {
    if (this.closed || this.current?.callId === offer.callId) return;
    if (this.work) return; // the api reserves only free agents; a stray offer expires on its own
    this.begin(offer.callId, () => this.handle(offer));
  }

  private onCallUpdated(call: FloorCallView): void {
    const current = this.current;
    if (current?.callId !== call.id || current.stage === 'ringing') return;
    if (current.stage === 'dialling') {
      if (call.state !== CallState.Dialling) current.dialled.abort();
      return;
    }
    if (ENDS_STAGE[current.stage].has(call.state)) current.gone.abort();
  }

  private begin(callId: string, work: () => Promise<void>): void {
    this.current = { callId, stage: 'ringing', ringing: new AbortController(), dialled: new AbortController(), gone: new AbortController() };
    this.work = work()
      .catch((error: unknown) => {
        this.ctx.api.counts.errors++;
        this.ctx.api.counts.lastError = `${this.agent.name}: ${(error as Error).message}`;
      })
      .finally(() => {
        this.work = null;
        this.current = null;
        this.tick();
      });
  }

  /** An offer, from ringing to outcome. */
  private async handle(offer: AgentOfferEvent): Promise<void> {
    const { behaviour } = this.ctx.scenario;
    const current = this.current!;
    const rang = await sleep(this.ctx.clock.realMs(sample(behaviour.acceptDelaySec, this.random)), AbortSignal.any([current.ringing.signal, this.hurry.signal]));
    if (!rang && current.ringing.signal.aborted) return; // revoked, expired, or the caller hung up while it rang
    const calls = `/api/calls/${offer.callId}`;
    if (!this.hurry.signal.aborted && this.random() < behaviour.declineChance) {
      const declined = await this.authed<CallView>('POST', `${calls}/decline`, { races: [404, 409] });
      if (declined.ok) this.ctx.counters.declines++;
      return;
    }
    if (!this.ctx.book.accepting(offer.callId)) return; // the caller is hanging up: the revocation follows
    const accepted = await this.authed<CallView>('POST', `${calls}/accept`, { races: [404, 409] });
    if (!accepted.ok) {
      this.ctx.book.acceptFailed(offer.callId);
      return;
    }
    // A callback: the platform dials the caller first (`call.dial`); unanswered, the agent is free again.
    if (accepted.body.state === CallState.Dialling) {
      this.ctx.book.dialling(offer.callId);
      if (!(await this.dialAnswered(offer.callId))) return;
    }
    // The caller is bridged when the platform hears `call.connect` (the telephony player).
    current.stage = 'talking';

    const known = this.ctx.book.get(offer.callId);
    const need = known?.need ?? this.topicFor(offer.topicKey);
    const handling = decideHandling(behaviour, this.skills, { needTopic: need, language: offer.language, transfersSoFar: accepted.body.transferCount }, this.random);
    const hungUp = AbortSignal.any([this.hurry.signal, current.gone.signal]);
    await sleep(this.ctx.clock.realMs(handling.talkSec), hungUp);

    // Passed on to the topic of the caller's real need, unless the run is closing (then: a follow-up).
    if (handling.kind === 'transfer' && !hungUp.aborted) {
      const transferred = await this.authed<CallView>('POST', `${calls}/transfer`, {
        body: { topicKey: handling.toTopicKey, reason: `The caller's need is ${handling.toTopicKey}: passed on to someone who can meet it` },
        races: [404, 409],
      });
      if (transferred.ok) {
        this.ctx.counters.transfers++;
        this.ctx.book.transferred(offer.callId);
        return;
      }
    }
    const closing: RecordOutcomeRequest =
      handling.kind === 'complete'
        ? { outcome: handling.outcome, expectationAligned: handling.expectationAligned }
        : { outcome: Outcome.FollowUp, expectationAligned: this.random() < behaviour.expectationAligned };
    if (known && known.ivrTopic.key !== need.key) closing.reasonCodes = ['wrong_ivr_choice'];
    const wrapUpSec = handling.kind === 'complete' ? handling.wrapUpSec : sample(need.wrapUpSec, this.random);
    await this.endAndRecord(offer.callId, closing, wrapUpSec);
  }

  /** Ends the talk, wraps up and records the outcome; a 409 means the api got there first. */
  private async endAndRecord(callId: string, closing: RecordOutcomeRequest, wrapUpSec: number): Promise<void> {
    const calls = `/api/calls/${callId}`;
    // From here on the wrap_up echo of our own `end` is expected; only a timeout cuts the wrap-up short.
    const wrapUp = new AbortController();
    if (this.current) {
      this.current.stage = 'wrap_up';
      this.current.gone = wrapUp;
    }
    const ended = await this.authed<CallView>('POST', `${calls}/end`, { races: [404, 409] });
    if (!ended.ok && ended.status === 404) return;
    this.ctx.book.wrapUp(callId, Date.now());
    await sleep(this.ctx.clock.realMs(wrapUpSec), AbortSignal.any([this.hurry.signal, wrapUp.signal]));
    const recorded = await this.authed<CallView>('POST', `${calls}/outcome`, { body: closing, races: [404, 409] });
    if (recorded.ok) {
      this.ctx.book.completed(callId, closing.outcome, Date.now());
      return;
    }
    // Most likely the wrap-up timed out and the api completed the call as not_recorded: ask it.
    const call = await this.authed<CallView>('GET', calls, { races: [404] });
    if (call.ok && call.body.state === CallState.Completed) this.ctx.book.completed(callId, call.body.outcome ?? Outcome.NotRecorded, Date.now());
  }

  /**
   * While the platform dials the callback's caller: resolves true once they answered and are
   * connected, false when the dial failed (the api scheduled the next try, or gave up) and the
   * agent is free. The socket says so first (the call's update, or the agent's state); the api is
   * asked each time, and every few seconds in case the socket was away.
   */
  private async dialAnswered(callId: string): Promise<boolean> {
    const current = this.current!;
    current.stage = 'dialling';
    for (;;) {
      await sleep(DIAL_CHECK_MS, current.dialled.signal);
      if (this.closed) return false;
      const call = await this.authed<CallView>('GET', `/api/calls/${callId}`, { races: [404] });
      if (!call.ok && call.status === 404) return false;
      if (call.ok && call.body.state !== CallState.Dialling) return call.body.state === CallState.Connected || call.body.state === CallState.WrapUp;
      // Still dialling (the socket's news was of something else), or the api did not answer: wait for the next.
      if (current.dialled.signal.aborted) current.dialled = new AbortController();
    }
  }

  /** A call an earlier run left with this agent: closed at once, as a follow-up. */
  private async finishLeftover(callId: string, state: string): Promise<void> {
    const closing: RecordOutcomeRequest = { outcome: Outcome.FollowUp, expectationAligned: true };
    // A callback being dialled when that run stopped: the api times the dial out if nobody reports it.
    if (state === CallState.Dialling && !(await this.dialAnswered(callId))) return;
    if (state === CallState.Connected || state === CallState.WrapUp || state === CallState.Dialling) await this.endAndRecord(callId, closing, 0);
  }

  private async setState(state: SelectableAgentState, reason?: BreakReason): Promise<void> {
    this.expecting = { state, untilMs: Date.now() + STATE_ECHO_MS };
    await this.authed<AgentMeView>('PUT', '/api/agents/me/state', { body: reason ? { state, reason } : { state }, races: [409] });
  }

  /** A request as this agent; an expired token is renewed once. */
  private async authed<T>(method: 'GET' | 'POST' | 'PUT', path: string, options: RequestOptions = {}): Promise<ApiResult<T>> {
    const result = await this.ctx.api.request<T>(method, path, { ...options, token: this.token });
    if (result.ok || result.status !== 401 || this.closed) return result;
    await this.renewSession();
    return this.ctx.api.request<T>(method, path, { ...options, token: this.token });
  }

  private async renewSession(): Promise<void> {
    try {
      this.token = (await this.ctx.api.login(this.agent.name, this.ctx.password)).accessToken;
      if (this.socket) this.socket.auth = { token: this.token };
    } catch (error) {
      this.ctx.api.counts.lastError = (error as Error).message;
    }
  }

  /** The scenario's topic for a call this run did not place (its need is then taken to be its topic). */
  private topicFor(topicKey: string): ScenarioTopic {
    const topic = this.ctx.scenario.topics.find((t) => t.key === topicKey);
    if (topic) return topic;
    const first = this.ctx.scenario.topics[0]!;
    return { ...first, key: topicKey, routing: { ...first.routing, skill: topicKey } };
  }
}
