import { DialResult, PlatformEventType, RingResult, type PlatformEvent } from '@fc/contracts';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { callerNumberOf, chosenTopic, endpointUri, type ChoiceRules } from './caller-choice.js';
import type { EdgeMessage } from './evapi-connection.js';
import { ApiRefusal, type TelephonyApi } from './telephony-api.js';

/** Where Kamailio holds a caller's INVITE transaction (t_suspend), to continue it with. */
interface HeldTransaction {
  index: number;
  label: number;
}

/** An agent's phone to ring: until just before the offer runs out, or (a transfer, no offer) for VOICE_TRANSFER_RING_SEC. */
interface Ring {
  agentId: string;
  endpoint: string | null;
  expiresAt: string | null;
}

/**
 * One caller on the line. First Contact knows the call by the SIP Call-ID the caller first rang
 * with (its `externalId`); a transfer moves the caller onto a new leg with a Call-ID of its own.
 */
interface VoiceCall {
  externalId: string;
  /** The SIP Call-ID of the caller's leg now. */
  leg: string;
  /** First Contact's id, once the api has taken the call. */
  callId: string | null;
  /** The INVITE transaction while it is held; null while an agent's phone rings (a branch is out) or the caller is being moved. */
  held: HeldTransaction | null;
  /** The agent whose phone rings now. */
  ringing: string | null;
  /** A phone to ring as soon as the caller is held again (the last phone's branch ended, or a moved caller called back). */
  pendingRing: Ring | null;
  /** The agent talking to the caller, and the dialog: its tags to move it by, its ids to end it by. */
  answered: ({ agentId: string } & AnsweredDialog) | null;
  /** A transfer under way: the caller was referred to fc-move-<token> and has not called it yet. */
  moving: { token: string; timer: NodeJS.Timeout } | null;
  /** First Contact ended the talk while no phone was connected: the caller's leg ends as soon as the edge holds it. */
  released: boolean;
  ended: boolean;
  /** A callback: the agent's phone rung from the edge, then dialling the caller through the trunk (null: a caller who rang in). */
  callback: CallbackDial | null;
}

/**
 * A callback offer (decision 0046): Kamailio rings the agent's phone itself (dlg.bridge_dlg) and,
 * once answered, refers the phone to fc-dial-<token>; the phone's call there is held until First
 * Contact's `call.dial` gives the number, then goes out through the trunk. Its leg is `leg`.
 */
interface CallbackDial {
  token: string;
  /** The agent whose phone the offer rings. */
  agentId: string;
  /** The caller's number from `call.dial`, kept only until the trunk is asked. */
  number: string | null;
  /** First Contact did not take the phone's answer (the offer had moved on): its dial-out is refused. */
  refused: boolean;
}

/** What the edge reports of an agent's phone's final answer (Kamailio's failure route), as a ring result. */
export function ringResultOf(sipCode: number): RingResult {
  const answer = finalAnswerOf(sipCode);
  return answer === 'busy' ? RingResult.Busy : answer === 'no_answer' ? RingResult.NoAnswer : RingResult.Unavailable;
}

/** What dialling a callback's caller came to, from the trunk's final answer. */
export function dialResultOf(sipCode: number): DialResult {
  const answer = finalAnswerOf(sipCode);
  return answer === 'answered' ? DialResult.Answered : answer === 'busy' ? DialResult.Busy : answer === 'no_answer' ? DialResult.NoAnswer : DialResult.Failed;
}

/** A phone's final SIP answer: taken (2xx), refused (486, 600, 603), not answered in time or not at all (408, 480, 487), or anything else. */
function finalAnswerOf(sipCode: number): 'answered' | 'busy' | 'no_answer' | 'other' {
  if (sipCode >= 200 && sipCode < 300) return 'answered';
  if (sipCode === 486 || sipCode === 600 || sipCode === 603) return 'busy';
  if (sipCode === 408 || sipCode === 480 || sipCode === 487) return 'no_answer';
  return 'other';
}

export interface VoiceCallsOptions {
  rules: ChoiceRules;
  sipDomain: string;
  ringMarginMs: number;
  /** How long a transferred call rings the agent it was given to (there is no offer to time it by). */
  transferRingMs: number;
  /** How long a referred caller has to call the edge back before they count as gone. */
  moveWaitMs: number;
  /** Where callbacks are dialled (`host[:port]`): `sip:<number>@<trunk>`. Without one, callbacks are not dialled (each dial fails). */
  trunk: string | null;
  /** How long a callback's caller's phone rings. */
  dialRingMs: number;
}

/**
 * The adapter's heart (DESIGN §12, decision 0044): Kamailio's events in, First Contact's reports
 * out; First Contact's platform events in, Kamailio actions out. Kamailio holds each caller's
 * INVITE while First Contact decides; this class knows which transaction belongs to which call, and
 * which agent's phone rings for it.
 *
 * Moving a connected caller (a transfer, or a requeue after talk began) is a REFER: Kamailio refers
 * the caller to a one-time address at the edge and hangs up the agent's phone; the caller's new call
 * there is held like a new arrival, under the same First Contact call, and rung on (decision 0046).
 *
 * Nothing here logs a caller's number: calls are named by First Contact's id or the SIP Call-ID.
 */
export class VoiceCalls {
  /** By `externalId`, the name platform events use. */
  private readonly calls = new Map<string, VoiceCall>();
  /** The current leg's SIP Call-ID → `externalId`: a leg a transfer left is no longer here, so its end is not the caller's. */
  private readonly legs = new Map<string, string>();
  /** fc-move-<token> → `externalId`, while a referred caller has not called back. */
  private readonly moves = new Map<string, string>();
  /** A callback offer's token (fc-dial-<token>) → `externalId`. */
  private readonly bridges = new Map<string, string>();

  constructor(
    private readonly api: TelephonyApi,
    private readonly edge: { send(message: Record<string, unknown>): boolean },
    private readonly options: VoiceCallsOptions,
    private readonly log: Logger,
  ) {}

  get active(): number {
    return this.calls.size;
  }

  /**
   * A message from Kamailio. Work on one call, from the edge or from First Contact, runs one piece
   * at a time in arrival order: an offer must not overtake the report that the last phone failed.
   */
  fromEdge(message: EdgeMessage): Promise<void> {
    const sipCallId = typeof message.callId === 'string' ? message.callId : null;
    const moved = typeof message.moved === 'string' ? message.moved : null;
    const token = typeof message.token === 'string' ? message.token : null;
    if (!sipCallId && !token) return Promise.resolve();
    const externalId = moved ? this.moves.get(moved) : token ? this.bridges.get(token) : (this.legs.get(sipCallId!) ?? (message.event === 'invite' ? sipCallId! : undefined));
    if (!externalId) {
      // A call to a move address nobody was referred to (or that has lapsed): nothing to continue.
      const held = heldOf(message);
      if (moved && held) this.edge.send({ action: 'reject', index: held.index, label: held.label, code: 404, reason: 'Not Found' });
      return Promise.resolve();
    }
    return this.inTurn(externalId, () => this.edgeMessage(externalId, sipCallId, message));
  }

  /** A platform event from First Contact (already verified, de-duplicated and in `seq` order per call). */
  fromPlatform(event: PlatformEvent): Promise<void> {
    // A call the edge does not hold is First Contact's own: a callback, offered (rung from here) or
    // accepted in the console (dialled from here). Anything else of it is nothing to act on.
    if (!this.calls.has(event.externalId)) {
      if (event.type !== PlatformEventType.Ringing && event.type !== PlatformEventType.Dial) return Promise.resolve();
      return this.inTurn(event.externalId, () => this.callbackOffer(event));
    }
    return this.inTurn(event.externalId, () => this.platformEvent(event));
  }

  private readonly turns = new Map<string, Promise<void>>();
  private inTurn(key: string, work: () => Promise<void>): Promise<void> {
    const next = (this.turns.get(key) ?? Promise.resolve()).then(work).catch((error: unknown) => this.log.error({ error: describe(error) }, 'voice edge: a call step failed'));
    this.turns.set(key, next);
    void next.then(() => {
      if (this.turns.get(key) === next) this.turns.delete(key);
    });
    return next;
  }

  private async edgeMessage(externalId: string, sipCallId: string | null, message: EdgeMessage): Promise<void> {
    this.log.debug({ sipCallId, event: message.event, code: message.code, dialled: message.moved ? 'fc-move' : message.dialled, topic: message.topic }, 'from the edge');
    if (message.event === 'invite' && sipCallId) return typeof message.moved === 'string' ? this.movedIn(externalId, sipCallId, message.moved, message) : this.invite(sipCallId, message);
    const call = this.calls.get(externalId);
    if (!call) return;
    // A callback's phone, by its token: it answered or failed, or (referred) calls out.
    if (call.callback && message.token === call.callback.token) {
      if (message.event === 'bridge_answered') return this.bridgeAnswered(call, call.callback);
      if (message.event === 'bridge_failed') return this.bridgeFailed(call, call.callback, Number(message.code));
      if (message.event === 'dial_leg' && sipCallId) return this.dialLeg(call, call.callback, sipCallId, message);
      return;
    }
    // Whatever a leg the caller has left reports is that leg's business only.
    if (call.leg !== sipCallId) return;
    switch (message.event) {
      case 'agent_failed':
        return this.agentFailed(call, message);
      case 'answered':
        return call.callback ? this.dialAnswered(call, message) : this.answered(call, message);
      case 'dial_failed':
        return this.dialFailed(call, Number(message.code));
      case 'cancel':
        // A callback's dial-out cancelled by the agent's phone ends in dial_failed (487).
        return call.callback ? undefined : this.callerLeft(call);
      case 'ended':
        return this.callerLeft(call);
      default:
        return;
    }
  }

  private async platformEvent(event: PlatformEvent): Promise<void> {
    const call = this.calls.get(event.externalId);
    if (!call) return;
    this.log.debug({ callId: event.callId, seq: event.seq, type: event.type, agentId: 'agentId' in event.data ? event.data.agentId : undefined }, 'from First Contact');
    call.callId ??= event.callId;
    switch (event.type) {
      case PlatformEventType.Ringing:
        return this.ring(call, event.data);
      case PlatformEventType.Release:
        return this.release(call);
      case PlatformEventType.Dial:
        return call.callback ? this.dial(call, call.callback, event.data.number) : undefined;
      case PlatformEventType.Transfer:
        return this.transfer(call, { agentId: event.data.agentId, endpoint: event.data.endpoint, expiresAt: null });
      case PlatformEventType.Requeued:
        // Back in line after talk began (a transfer to a topic): the caller waits at the edge again.
        // Requeued after a missed or declined offer, the caller was never connected: nothing moves.
        if (call.answered) this.move(call, null);
        return;
      default:
        return;
    }
  }

  private async invite(sipCallId: string, message: EdgeMessage): Promise<void> {
    const held = heldOf(message);
    if (!held || this.calls.has(sipCallId)) return;
    const call = newCall({ externalId: sipCallId, leg: sipCallId, callId: null, held });
    this.calls.set(sipCallId, call);
    this.legs.set(sipCallId, sipCallId);
    const choice = chosenTopic(this.options.rules, {
      dialled: String(message.dialled ?? ''),
      requestUri: typeof message.requestUri === 'string' ? message.requestUri : undefined,
      topic: typeof message.topic === 'string' ? message.topic : undefined,
      language: typeof message.language === 'string' ? message.language : undefined,
    });
    const callerNumber = callerNumberOf(typeof message.caller === 'string' ? message.caller : undefined);
    try {
      const taken = await this.api.receiveCall({ externalId: sipCallId, ...(callerNumber ? { callerNumber } : {}), ...choice });
      call.callId = taken.callId;
      this.log.info({ callId: taken.callId, topicKey: choice.topicKey, language: choice.language, withheld: !callerNumber }, 'caller queued');
    } catch (error) {
      const refused = error instanceof ApiRefusal && error.status < 500;
      this.log.warn({ sipCallId, status: error instanceof ApiRefusal ? error.status : null, error: refused ? error.message : (error as Error).name }, 'the api did not take the call');
      this.reject(call, refused ? 404 : 503, refused ? 'Not Found' : 'Service Unavailable');
      return;
    }
    if (call.ended) await this.hangUp(call);
  }

  /** First Contact offers the call to an agent (or gave it to one by a transfer): ring their phone. */
  private async ring(call: VoiceCall, data: Ring): Promise<void> {
    if (call.ended || call.answered) return;
    if (!call.held) {
      // The last agent's phone still rings (their offer ended on First Contact's side first), or the
      // caller is being moved: this one rings as soon as the caller is held again.
      this.log.debug({ callId: call.callId, agentId: data.agentId, stillRinging: call.ringing, moving: call.moving !== null }, 'ringing once the caller is held again');
      call.pendingRing = data;
      return;
    }
    if (!data.endpoint) {
      this.log.warn({ callId: call.callId, agentId: data.agentId }, 'an agent without an endpoint: nobody to ring');
      await this.report(call, data.agentId, RingResult.Unavailable);
      return;
    }
    const ringMs = this.ringMsUntil(data.expiresAt);
    const held = call.held;
    call.held = null;
    call.ringing = data.agentId;
    this.log.debug({ callId: call.callId, agentId: data.agentId, ringMs }, 'ringing the agent');
    this.edge.send({ action: 'ring', index: held.index, label: held.label, target: endpointUri(data.endpoint, this.options.sipDomain), ringMs, fcCallId: call.callId });
  }

  /** How long a phone rings: until just before the offer expires, or (no offer: a transfer, a callback accepted in the console) VOICE_TRANSFER_RING_SEC. */
  private ringMsUntil(expiresAt: string | null): number {
    return expiresAt ? Math.max(1000, Date.parse(expiresAt) - Date.now() - this.options.ringMarginMs) : this.options.transferRingMs;
  }

  private async agentFailed(call: VoiceCall, message: EdgeMessage): Promise<void> {
    const held = heldOf(message);
    if (!held) return;
    call.held = held;
    const agentId = call.ringing;
    call.ringing = null;
    if (call.released) return this.reject(call, 480, 'Temporarily Unavailable');
    const pending = call.pendingRing;
    call.pendingRing = null;
    if (agentId && call.callId && pending?.agentId !== agentId) {
      const taken = await this.report(call, agentId, ringResultOf(Number(message.code)));
      // A transferred call is the agent's whatever their phone did: the caller waits (ringback)
      // until that agent moves it on or ends it in the console.
      if (!taken && !pending) this.log.warn({ callId: call.callId, agentId }, 'the phone of the agent who holds the call did not answer: the caller waits for them');
    }
    if (pending) await this.ring(call, pending);
  }

  private async answered(call: VoiceCall, message: EdgeMessage): Promise<void> {
    if (call.answered || !call.ringing) return;
    const agentId = call.ringing;
    call.answered = { agentId, ...dialogOf(message) };
    call.ringing = null;
    if (call.released) return this.release(call);
    const accepted = await this.report(call, agentId, RingResult.Answered);
    if (!accepted) {
      // First Contact gave the call to someone else meanwhile (the offer ran out as the phone was
      // picked up): the caller goes back to wait at the edge, for the phone First Contact rings next.
      this.log.warn({ callId: call.callId, agentId }, 'the phone answered an offer First Contact had moved on from: the caller waits again');
      this.move(call, null);
    }
  }

  /** The caller hung up (CANCEL while waiting or ringing, BYE from either side once talking, or the dialog ended). */
  private async callerLeft(call: VoiceCall): Promise<void> {
    if (call.ended) return;
    call.ended = true;
    if (call.callId) await this.hangUp(call);
    else this.forget(call);
  }

  /**
   * The call is given to another agent, or put back in line, while the caller talks: the caller is
   * referred to a one-time address at the edge, the agent's phone hung up. When the caller calls it,
   * `next` rings (a transfer to an agent) or the caller waits for First Contact's next offer.
   */
  private move(call: VoiceCall, next: Ring | null): void {
    const answered = call.answered;
    if (!answered) return;
    const token = randomBytes(16).toString('hex');
    this.legs.delete(call.leg);
    this.moves.set(token, call.externalId);
    call.answered = null;
    call.pendingRing = next;
    const timer = setTimeout(() => void this.inTurn(call.externalId, () => this.moveLapsed(call, token)), this.options.moveWaitMs);
    timer.unref();
    call.moving = { token, timer };
    this.log.info({ callId: call.callId, fromAgentId: answered.agentId, toAgentId: next?.agentId ?? null }, 'moving the caller');
    this.edge.send({ action: 'move', callId: call.leg, fromTag: answered.fromTag, toTag: answered.toTag, token });
  }

  private async transfer(call: VoiceCall, next: Ring): Promise<void> {
    if (call.answered) return this.move(call, next);
    // Not connected yet (accepted in the console while the phone still rang): ring the new agent instead.
    return this.ring(call, next);
  }

  /** The referred caller called the edge back: held again, rung on when there is someone to ring. */
  private async movedIn(externalId: string, sipCallId: string, token: string, message: EdgeMessage): Promise<void> {
    const call = this.calls.get(externalId);
    const held = heldOf(message);
    if (!call || !held || call.moving?.token !== token) return;
    clearTimeout(call.moving.timer);
    this.moves.delete(token);
    call.moving = null;
    call.leg = sipCallId;
    this.legs.set(sipCallId, externalId);
    call.held = held;
    this.log.debug({ callId: call.callId }, 'the moved caller is held again');
    if (call.released) return this.reject(call, 480, 'Temporarily Unavailable');
    const next = call.pendingRing;
    call.pendingRing = null;
    if (next) await this.ring(call, next);
  }

  /** The referred caller did not call back (their phone refused the REFER, or they hung up meanwhile). */
  private async moveLapsed(call: VoiceCall, token: string): Promise<void> {
    if (call.moving?.token !== token) return;
    this.moves.delete(token);
    call.moving = null;
    this.log.warn({ callId: call.callId }, 'the moved caller did not call back: reported hung up');
    await this.callerLeft(call);
  }

  /**
   * A callback offered to an agent (`call.ringing`): their phone rings from the edge. Or one accepted
   * in the console that the edge did not ring (`call.dial`: no trunk, or the edge restarted since).
   */
  private async callbackOffer(event: PlatformEvent): Promise<void> {
    if (this.calls.has(event.externalId)) return this.platformEvent(event);
    const data = event.data as { agentId: string; endpoint: string | null; expiresAt?: string; number?: string | null };
    const dialling = event.type === PlatformEventType.Dial;
    if (!this.options.trunk || !data.endpoint || (dialling && !data.number)) {
      const why = !this.options.trunk ? 'no trunk (VOICE_TRUNK)' : !data.endpoint ? 'the agent has no endpoint' : 'no number to dial';
      this.log.warn({ callId: event.callId, agentId: data.agentId, type: event.type, why }, 'a callback the edge cannot carry');
      if (dialling) await this.reportDial(event.callId, DialResult.Failed);
      // An offer is left to the console (accept there, and the dial fails as above), or to its expiry.
      return;
    }
    const token = randomBytes(16).toString('hex');
    const call = newCall({
      externalId: event.externalId,
      leg: '',
      callId: event.callId,
      ringing: data.agentId,
      callback: { token, agentId: data.agentId, number: data.number ?? null, refused: false },
    });
    this.calls.set(event.externalId, call);
    this.bridges.set(token, event.externalId);
    const ringMs = this.ringMsUntil(data.expiresAt ?? null);
    this.log.debug({ callId: call.callId, agentId: data.agentId, ringMs, dialling }, 'ringing the agent for a callback');
    this.edge.send({ action: 'bridge', target: endpointUri(data.endpoint, this.options.sipDomain), token, fcCallId: call.callId, ringMs });
  }

  /** The agent's phone took the callback: First Contact accepts it and says whom to dial (`call.dial`). */
  private async bridgeAnswered(call: VoiceCall, callback: CallbackDial): Promise<void> {
    call.ringing = null;
    if (callback.number) return; // accepted in the console already: call.dial came first
    if (!(await this.report(call, callback.agentId, RingResult.Answered))) {
      this.log.warn({ callId: call.callId, agentId: callback.agentId }, 'the phone took a callback First Contact had moved on from');
      callback.refused = true;
    }
  }

  private async bridgeFailed(call: VoiceCall, callback: CallbackDial, sipCode: number): Promise<void> {
    this.forget(call);
    await this.report(call, callback.agentId, ringResultOf(sipCode));
  }

  /** The number came (`call.dial`): dialled now if the agent's phone is already waiting at fc-dial. */
  private async dial(call: VoiceCall, callback: CallbackDial, number: string | null): Promise<void> {
    if (!number) {
      this.reject(call, 480, 'Temporarily Unavailable');
      await this.reportDial(call.callId!, DialResult.Failed);
      return;
    }
    callback.number = number;
    if (call.held) this.dialOut(call, callback);
  }

  /** The answered phone, referred to fc-dial-<token>, calls out: held until the number is known. */
  private async dialLeg(call: VoiceCall, callback: CallbackDial, sipCallId: string, message: EdgeMessage): Promise<void> {
    const held = heldOf(message);
    if (!held) return;
    this.bridges.delete(callback.token);
    call.leg = sipCallId;
    this.legs.set(sipCallId, call.externalId);
    call.held = held;
    if (callback.refused || call.released) return this.reject(call, 480, 'Temporarily Unavailable');
    if (callback.number) this.dialOut(call, callback);
  }

  private dialOut(call: VoiceCall, callback: CallbackDial): void {
    const held = call.held!;
    call.held = null;
    const target = `sip:${callback.number}@${this.options.trunk}`;
    callback.number = null;
    this.log.debug({ callId: call.callId }, 'dialling the callback');
    this.edge.send({ action: 'dial', index: held.index, label: held.label, target, ringMs: this.options.dialRingMs });
  }

  private async dialAnswered(call: VoiceCall, message: EdgeMessage): Promise<void> {
    if (call.answered) return;
    call.answered = { agentId: call.callback!.agentId, ...dialogOf(message) };
    if (call.released || !(await this.reportDial(call.callId!, DialResult.Answered))) this.release(call);
  }

  private async dialFailed(call: VoiceCall, sipCode: number): Promise<void> {
    this.forget(call);
    await this.reportDial(call.callId!, dialResultOf(sipCode));
  }

  /** Reports how dialling went; false when First Contact had moved on (404/409), which is no error. */
  private reportDial(callId: string, result: DialResult): Promise<boolean> {
    return this.taken(() => this.api.dialResult(callId, result), { callId, result }, 'could not report the dial result');
  }

  private forget(call: VoiceCall): void {
    this.calls.delete(call.externalId);
    this.legs.delete(call.leg);
    if (call.callback) this.bridges.delete(call.callback.token);
    if (call.moving) {
      clearTimeout(call.moving.timer);
      this.moves.delete(call.moving.token);
      call.moving = null;
    }
  }

  private async hangUp(call: VoiceCall): Promise<void> {
    this.forget(call);
    try {
      await this.api.hangUp(call.callId!);
    } catch (error) {
      // 409: the call had ended already (the agent released it, a wrap-up is under way).
      if (!(error instanceof ApiRefusal && error.status === 409)) this.log.warn({ callId: call.callId, error: describe(error) }, 'could not report the hang-up');
    }
  }

  /** The agent ended the talk: the caller's leg ends now, or (no phone connected) as soon as the edge holds it. */
  private release(call: VoiceCall): void {
    if (call.answered) {
      this.edge.send({ action: 'release', dlgEntry: call.answered.dlgEntry, dlgId: call.answered.dlgId });
      return;
    }
    if (call.held) return this.reject(call, 480, 'Temporarily Unavailable');
    call.released = true;
  }

  private reject(call: VoiceCall, code: number, reason: string): void {
    this.forget(call);
    if (call.held) this.edge.send({ action: 'reject', index: call.held.index, label: call.held.label, code, reason });
    call.held = null;
  }

  /** Reports how ringing went; false when First Contact had moved on (404/409), which is no error. */
  private report(call: VoiceCall, agentId: string, result: RingResult): Promise<boolean> {
    return this.taken(() => this.api.ringResult(call.callId!, agentId, result), { callId: call.callId, agentId, result }, 'could not report the ring result');
  }

  /** Whether the api took a report: 404 and 409 (First Contact had moved on) are a plain no; anything else is logged too. */
  private async taken(report: () => Promise<unknown>, context: Record<string, unknown>, failure: string): Promise<boolean> {
    try {
      await report();
      return true;
    } catch (error) {
      if (!(error instanceof ApiRefusal && (error.status === 409 || error.status === 404))) this.log.warn({ ...context, error: describe(error) }, failure);
      return false;
    }
  }

  /** Kamailio went away: every call it held is gone with it. Each is reported hung up. */
  async edgeLost(): Promise<void> {
    const calls = [...this.calls.values()];
    for (const call of calls) call.ended = true;
    await Promise.all(calls.map((call) => (call.callId ? this.hangUp(call) : this.forget(call))));
  }
}

/** A call as the edge first knows it: nothing rings, nobody talks, nothing moves yet. */
function newCall(start: Pick<VoiceCall, 'externalId' | 'leg' | 'callId'> & Partial<VoiceCall>): VoiceCall {
  return { held: null, ringing: null, pendingRing: null, answered: null, moving: null, released: false, ended: false, callback: null, ...start };
}

interface AnsweredDialog {
  fromTag: string;
  toTag: string;
  dlgEntry: number;
  dlgId: number;
}

/** The answered dialog as Kamailio's dialog:start names it. */
function dialogOf(message: EdgeMessage): AnsweredDialog {
  return { fromTag: String(message.fromTag ?? ''), toTag: String(message.toTag ?? ''), dlgEntry: Number(message.dlgEntry), dlgId: Number(message.dlgId) };
}

function heldOf(message: EdgeMessage): HeldTransaction | null {
  const index = Number(message.index);
  const label = Number(message.label);
  return Number.isInteger(index) && Number.isInteger(label) ? { index, label } : null;
}

const describe = (error: unknown) => (error instanceof ApiRefusal ? `${error.status} ${error.message}` : error instanceof Error ? error.name : 'unknown');
