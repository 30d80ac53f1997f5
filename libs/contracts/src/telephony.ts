import type { CallState } from './call.js';

/** Body of `POST /api/telephony/calls`: the platform reports a call that chose a topic in the IVR. */
export interface CreateCallRequest {
  externalId: string;
  /** E.164 or national number; absent when the caller withheld it. */
  callerNumber?: string;
  topicKey: string;
  language: string;
}

export interface CallStateResponse {
  callId: string;
  state: CallState;
}

/** `GET /api/telephony/calls/:id`: where the call stands, and while it waits in a queue its place and expected wait. */
export interface CallStatusResponse extends CallStateResponse {
  /** Escalation wants the caller offered a callback. */
  callbackOffered: boolean;
  /** The call's place in its queue (1 next); null unless queued. */
  position: number | null;
  /** Seconds until an agent is expected to be offered the call; null unless queued, or when no qualified agent is logged in. */
  estimatedWaitSec: number | null;
}

/**
 * What First Contact tells the telephony platform to do (DESIGN §11). Each is delivered at least
 * once, as a signed webhook and in the replay feed; `id` de-duplicates, `seq` orders one call's.
 */
export const PlatformEventType = {
  /** The call joined a queue: announce the place in line and the expected wait. */
  Queued: 'call.queued',
  /** The place in line or the expected wait changed (at most every 10 s a call). */
  Position: 'call.position',
  /** Escalation reached a callback step: ask the caller, answer with `POST …/callback`. */
  CallbackOffer: 'call.callback_offer',
  /** An agent is offered the call: ring their endpoint until `expiresAt`. */
  Ringing: 'call.ringing',
  /** The agent accepted: bridge the caller to their endpoint. */
  Connect: 'call.connect',
  /** A callback was accepted: dial the caller, bridge to the agent, report the dial result. */
  Dial: 'call.dial',
  /** The caller's leg moves to another agent. */
  Transfer: 'call.transfer',
  /** The caller's leg goes back to waiting in a queue, with its new place and expected wait. */
  Requeued: 'call.requeued',
  /** Talk ended on the agent's side: release the caller's leg. */
  Release: 'call.release',
} as const;
export type PlatformEventType = (typeof PlatformEventType)[keyof typeof PlatformEventType];
export const PLATFORM_EVENT_TYPES = Object.values(PlatformEventType);

/** A caller's place in line and the wait it promises. */
export interface QueuePlace {
  topicKey: string;
  /** 1 for the next caller to be offered in this queue. */
  position: number;
  /** Seconds until an agent is expected to be offered the call; null when no qualified agent is logged in. */
  estimatedWaitSec: number | null;
}

/** Where a call's audio goes: the agent and their endpoint (a SIP URI or extension; null when none is set). */
export interface AgentLeg {
  agentId: string;
  endpoint: string | null;
}

/** The data each platform event carries. */
export interface PlatformEventData {
  'call.queued': QueuePlace;
  'call.position': QueuePlace;
  'call.callback_offer': { topicKey: string };
  'call.ringing': AgentLeg & { expiresAt: string };
  'call.connect': AgentLeg;
  /**
   * The caller's raw E.164 number appears here and nowhere else, only to the platform; null when
   * retention has deleted it since (then report the dial `failed`).
   */
  'call.dial': AgentLeg & { number: string | null };
  'call.transfer': AgentLeg;
  /** The new place: a call back in line has a place and a wait to announce at once, like one that just queued. */
  'call.requeued': QueuePlace;
  'call.release': Record<string, never>;
}

/** One platform event, as the webhook's body and an item of the replay feed. */
export type PlatformEvent = {
  [T in PlatformEventType]: {
    /** A UUID: the same event delivered twice has the same id. */
    id: string;
    callId: string;
    externalId: string;
    /** Strictly increasing per call, from 1: the order to act in. */
    seq: number;
    type: T;
    at: string;
    data: PlatformEventData[T];
  };
}[PlatformEventType];

/** `GET /api/telephony/events?after&limit`: events in commit order, and the cursor to ask after next. */
export interface PlatformEventPage {
  events: PlatformEvent[];
  /** Pass as `after` to read on; null when the feed holds no event yet. */
  cursor: string | null;
}

/** The header carrying a webhook's signature: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. */
export const PLATFORM_SIGNATURE_HEADER = 'x-fc-signature';

/** Body of `POST /api/telephony/calls/:id/dial-result`: how dialling a callback's caller went. */
export const DialResult = {
  Answered: 'answered',
  NoAnswer: 'no_answer',
  Busy: 'busy',
  Failed: 'failed',
} as const;
export type DialResult = (typeof DialResult)[keyof typeof DialResult];
export const DIAL_RESULTS = Object.values(DialResult);

export interface DialResultRequest {
  result: DialResult;
}

/**
 * Body of `POST /api/telephony/calls/:id/ring-result`: how ringing the offered agent's phone went
 * (after `call.ringing`). A platform whose agents answer on their phones reports it; one whose agents
 * accept in the console need not.
 */
export const RingResult = {
  /** The agent picked up: the offer is accepted. */
  Answered: 'answered',
  /** The agent refused on the phone (486, 603): a decline. */
  Busy: 'busy',
  /** It rang out unanswered (408, 480): the offer ends now, as an expiry does (RONA). */
  NoAnswer: 'no_answer',
  /** The phone could not be reached (not registered, 404, 5xx): as no answer. */
  Unavailable: 'unavailable',
} as const;
export type RingResult = (typeof RingResult)[keyof typeof RingResult];
export const RING_RESULTS = Object.values(RingResult);

export interface RingResultRequest {
  agentId: string;
  result: RingResult;
}
