import { PlatformEventType, RingResult, type PlatformEvent, type PlatformEventData } from '@fc/contracts';
import type { Logger } from 'pino';
import { callerNumberOf, chosenTopic, endpointUri, type ChoiceRules } from './caller-choice.js';
import type { EdgeMessage } from './evapi-connection.js';
import { ApiRefusal, type TelephonyApi } from './telephony-api.js';

/** Where Kamailio holds a caller's INVITE transaction (t_suspend), to continue it with. */
interface HeldTransaction {
  index: number;
  label: number;
}

/** One caller on the line, by its SIP Call-ID (the call's `externalId` in First Contact). */
interface VoiceCall {
  sipCallId: string;
  /** First Contact's id, once the api has taken the call. */
  callId: string | null;
  /** The INVITE transaction while it is held; null while an agent's phone rings (a branch is out). */
  held: HeldTransaction | null;
  /** The agent whose phone rings now. */
  ringing: string | null;
  /** An offer that came while another agent's phone still rang: rung when that branch ends. */
  pendingRing: PlatformEventData['call.ringing'] | null;
  /** The agent talking to the caller, and the dialog's tags to end it by. */
  answered: { agentId: string; fromTag: string; toTag: string } | null;
  ended: boolean;
}

/** What the edge reports of an agent's phone's final answer (Kamailio's failure route), as a ring result. */
export function ringResultOf(sipCode: number): RingResult {
  if (sipCode === 486 || sipCode === 600 || sipCode === 603) return RingResult.Busy;
  if (sipCode === 408 || sipCode === 480 || sipCode === 487) return RingResult.NoAnswer;
  return RingResult.Unavailable;
}

export interface VoiceCallsOptions {
  rules: ChoiceRules;
  sipDomain: string;
  ringMarginMs: number;
}

/**
 * The adapter's heart (DESIGN §12, decision 0044): Kamailio's events in, First Contact's reports
 * out; First Contact's platform events in, Kamailio actions out. Kamailio holds each caller's
 * INVITE while First Contact decides; this class knows which transaction belongs to which call, and
 * which agent's phone rings for it.
 *
 * Nothing here logs a caller's number: calls are named by First Contact's id or the SIP Call-ID.
 */
export class VoiceCalls {
  private readonly calls = new Map<string, VoiceCall>();

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
    if (!sipCallId) return Promise.resolve();
    return this.inTurn(sipCallId, () => this.edgeMessage(sipCallId, message));
  }

  /** A platform event from First Contact (already verified, de-duplicated and in `seq` order per call). */
  fromPlatform(event: PlatformEvent): Promise<void> {
    // Calls that did not come through this edge (the simulator's, say) are another platform's.
    if (!this.calls.has(event.externalId)) return Promise.resolve();
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

  private async edgeMessage(sipCallId: string, message: EdgeMessage): Promise<void> {
    this.log.debug({ sipCallId, event: message.event, code: message.code, dialled: message.dialled, topic: message.topic }, 'from the edge');
    switch (message.event) {
      case 'invite':
        return this.invite(sipCallId, message);
      case 'agent_failed':
        return this.agentFailed(sipCallId, message);
      case 'answered':
        return this.answered(sipCallId, message);
      case 'cancel':
      case 'ended':
        return this.callerLeft(sipCallId);
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
      case PlatformEventType.Transfer:
      case PlatformEventType.Dial:
        this.log.warn({ callId: call.callId, type: event.type }, 'the reference voice edge does not move a connected call yet; the caller stays with the first agent');
        return;
      default:
        return;
    }
  }

  private async invite(sipCallId: string, message: EdgeMessage): Promise<void> {
    const held = heldOf(message);
    if (!held) return;
    const call: VoiceCall = { sipCallId, callId: null, held, ringing: null, pendingRing: null, answered: null, ended: false };
    this.calls.set(sipCallId, call);
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

  /** First Contact offers the call to an agent: ring their phone until just before the offer runs out. */
  private async ring(call: VoiceCall, data: PlatformEventData['call.ringing']): Promise<void> {
    if (call.ended || call.answered) return;
    if (!call.held) {
      // The last agent's phone still rings (their offer ended on First Contact's side first): this
      // one rings as soon as that branch ends.
      this.log.debug({ callId: call.callId, agentId: data.agentId, stillRinging: call.ringing }, 'ringing once the last phone stops');
      call.pendingRing = data;
      return;
    }
    if (!data.endpoint) {
      this.log.warn({ callId: call.callId, agentId: data.agentId }, 'offered to an agent without an endpoint: nobody to ring');
      await this.report(call, data.agentId, RingResult.Unavailable);
      return;
    }
    const ringMs = Math.max(1000, Date.parse(data.expiresAt) - Date.now() - this.options.ringMarginMs);
    const held = call.held;
    call.held = null;
    call.ringing = data.agentId;
    this.log.debug({ callId: call.callId, agentId: data.agentId, ringMs }, 'ringing the agent');
    this.edge.send({ action: 'ring', index: held.index, label: held.label, target: endpointUri(data.endpoint, this.options.sipDomain), ringMs, fcCallId: call.callId });
  }

  private async agentFailed(sipCallId: string, message: EdgeMessage): Promise<void> {
    const call = this.calls.get(sipCallId);
    const held = heldOf(message);
    if (!call || !held) return;
    call.held = held;
    const agentId = call.ringing;
    call.ringing = null;
    const pending = call.pendingRing;
    call.pendingRing = null;
    if (agentId && call.callId && pending?.agentId !== agentId) await this.report(call, agentId, ringResultOf(Number(message.code)));
    if (pending) await this.ring(call, pending);
  }

  private async answered(sipCallId: string, message: EdgeMessage): Promise<void> {
    const call = this.calls.get(sipCallId);
    if (!call || call.answered || !call.ringing) return;
    const agentId = call.ringing;
    call.answered = { agentId, fromTag: String(message.fromTag ?? ''), toTag: String(message.toTag ?? '') };
    call.ringing = null;
    const accepted = await this.report(call, agentId, RingResult.Answered);
    if (!accepted) {
      // First Contact gave the call to someone else meanwhile: the caller cannot stay with this agent.
      this.log.warn({ callId: call.callId, agentId }, 'the phone answered an offer First Contact had moved on from: ending the call');
      this.release(call);
    }
  }

  /** The caller hung up (CANCEL while waiting or ringing, BYE from either side once talking, or the dialog ended). */
  private async callerLeft(sipCallId: string): Promise<void> {
    const call = this.calls.get(sipCallId);
    if (!call || call.ended) return;
    call.ended = true;
    if (call.callId) await this.hangUp(call);
  }

  private async hangUp(call: VoiceCall): Promise<void> {
    this.calls.delete(call.sipCallId);
    try {
      await this.api.hangUp(call.callId!);
    } catch (error) {
      // 409: the call had ended already (the agent released it, a wrap-up is under way).
      if (!(error instanceof ApiRefusal && error.status === 409)) this.log.warn({ callId: call.callId, error: describe(error) }, 'could not report the hang-up');
    }
  }

  private release(call: VoiceCall): void {
    if (!call.answered) return;
    this.edge.send({ action: 'release', callId: call.sipCallId, fromTag: call.answered.fromTag, toTag: call.answered.toTag });
  }

  private reject(call: VoiceCall, code: number, reason: string): void {
    this.calls.delete(call.sipCallId);
    if (call.held) this.edge.send({ action: 'reject', index: call.held.index, label: call.held.label, code, reason });
  }

  /** Reports how ringing went; false when First Contact had moved on (404/409), which is no error. */
  private async report(call: VoiceCall, agentId: string, result: RingResult): Promise<boolean> {
    try {
      await this.api.ringResult(call.callId!, agentId, result);
      return true;
    } catch (error) {
      if (!(error instanceof ApiRefusal && (error.status === 409 || error.status === 404)))
        this.log.warn({ callId: call.callId, agentId, result, error: describe(error) }, 'could not report the ring result');
      return false;
    }
  }

  /** Kamailio went away: every call it held is gone with it. Each is reported hung up. */
  async edgeLost(): Promise<void> {
    const calls = [...this.calls.values()];
    for (const call of calls) call.ended = true;
    await Promise.all(calls.filter((call) => call.callId).map((call) => this.hangUp(call)));
    this.calls.clear();
  }
}

function heldOf(message: EdgeMessage): HeldTransaction | null {
  const index = Number(message.index);
  const label = Number(message.label);
  return Number.isInteger(index) && Number.isInteger(label) ? { index, label } : null;
}

const describe = (error: unknown) => (error instanceof ApiRefusal ? `${error.status} ${error.message}` : error instanceof Error ? error.name : 'unknown');
