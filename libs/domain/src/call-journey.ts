import { CallState, JourneyEventType, Outcome } from '@fc/contracts';
import { DomainError } from './domain-error.js';

/** Everything that can happen to a call. Each action maps to exactly one journey event type. */
export const CallAction = {
  Queue: 'queue',
  Offer: 'offer',
  Accept: 'accept',
  Decline: 'decline',
  ExpireOffer: 'expire_offer',
  RevokeOffer: 'revoke_offer',
  Abandon: 'abandon',
  RequestCallback: 'request_callback',
  EndTalk: 'end_talk',
  TransferToTopic: 'transfer_to_topic',
  TransferToAgent: 'transfer_to_agent',
  RecordOutcome: 'record_outcome',
  TimeOutWrapUp: 'time_out_wrap_up',
  /** The agent records the outcome of a call whose wrap-up timed out: the call stays completed. */
  RecordLateOutcome: 'record_late_outcome',
  /** An agent accepted a callback: the platform dials the caller (DESIGN §11). */
  StartDial: 'start_dial',
  AnswerDial: 'answer_dial',
  /** The caller did not answer; the callback is tried again at its due time. */
  FailDial: 'fail_dial',
  /** The caller did not answer the last try allowed. */
  GiveUpDial: 'give_up_dial',
  /** A scheduled callback's next try is due: it joins the queue. */
  CallbackDue: 'callback_due',
  /** A callback not yet made is taken back: its follow-up was finished another way. */
  WithdrawCallback: 'withdraw_callback',
} as const;
export type CallAction = (typeof CallAction)[keyof typeof CallAction];
export const CALL_ACTIONS = Object.values(CallAction);

const { Arrived, Queued, Offered, Connected, WrapUp, Completed, Abandoned, CallbackRequested, Dialling, Scheduled, Unreachable, Withdrawn } = CallState;

/**
 * The caller journey of DESIGN §3 as a table: state → action → next state.
 * Anything not listed is illegal. Terminal states have no exits; a completed call whose wrap-up
 * timed out can still be given its outcome, and stays completed ({@link checkLateOutcome}).
 */
const TRANSITIONS: Readonly<Record<CallState, Readonly<Partial<Record<CallAction, CallState>>>>> = {
  [Arrived]: { queue: Queued, abandon: Abandoned },
  [Queued]: { offer: Offered, abandon: Abandoned, request_callback: CallbackRequested, withdraw_callback: Withdrawn },
  [Offered]: {
    accept: Connected,
    decline: Queued,
    expire_offer: Queued,
    revoke_offer: Queued,
    abandon: Abandoned,
    start_dial: Dialling,
  },
  [Dialling]: { answer_dial: Connected, fail_dial: Scheduled, give_up_dial: Unreachable },
  [Scheduled]: { callback_due: Queued, withdraw_callback: Withdrawn },
  [Connected]: { end_talk: WrapUp, transfer_to_topic: Queued, transfer_to_agent: Connected },
  [WrapUp]: { record_outcome: Completed, time_out_wrap_up: Completed },
  [Completed]: { record_late_outcome: Completed },
  [Abandoned]: {},
  [CallbackRequested]: {},
  [Unreachable]: {},
  [Withdrawn]: {},
};

const EVENT_OF_ACTION: Readonly<Record<CallAction, JourneyEventType>> = {
  queue: JourneyEventType.Queued,
  offer: JourneyEventType.Offered,
  accept: JourneyEventType.Connected,
  decline: JourneyEventType.OfferDeclined,
  expire_offer: JourneyEventType.OfferExpired,
  revoke_offer: JourneyEventType.OfferRevoked,
  abandon: JourneyEventType.Abandoned,
  request_callback: JourneyEventType.CallbackRequested,
  end_talk: JourneyEventType.TalkEnded,
  transfer_to_topic: JourneyEventType.Transferred,
  transfer_to_agent: JourneyEventType.Transferred,
  record_outcome: JourneyEventType.OutcomeRecorded,
  time_out_wrap_up: JourneyEventType.OutcomeRecorded,
  record_late_outcome: JourneyEventType.OutcomeRecorded,
  start_dial: JourneyEventType.DialStarted,
  answer_dial: JourneyEventType.DialAnswered,
  fail_dial: JourneyEventType.DialFailed,
  give_up_dial: JourneyEventType.DialFailed,
  callback_due: JourneyEventType.CallbackDue,
  withdraw_callback: JourneyEventType.CallbackWithdrawn,
};

export const TERMINAL_CALL_STATES: readonly CallState[] = [Completed, Abandoned, CallbackRequested, Unreachable, Withdrawn];

/** States in which a call holds its agent: the rows behind the one-active-call index. */
export const AGENT_HOLDING_CALL_STATES: readonly CallState[] = [Offered, Dialling, Connected, WrapUp];

/** Thrown for an action the journey does not allow in the call's current state. */
export class IllegalTransitionError extends DomainError {
  readonly kind = 'conflict';

  constructor(
    readonly from: CallState,
    readonly action: CallAction,
  ) {
    super(`A call that is ${from} cannot ${action.replaceAll('_', ' ')}`);
  }
}

/** Thrown when an outcome is recorded after completion for a call that already has one. */
export class OutcomeAlreadyRecordedError extends DomainError {
  readonly kind = 'conflict';

  constructor() {
    super("This call's outcome is already recorded");
  }
}

/** An outcome may be added after completion only to a call whose wrap-up timed out without one (DESIGN §4). */
export function checkLateOutcome(outcome: Outcome | null): void {
  if (outcome !== Outcome.NotRecorded) throw new OutcomeAlreadyRecordedError();
}

/** The state a call moves to, or `null` when the action is illegal from `from`. */
export function tryTransition(from: CallState, action: CallAction): CallState | null {
  return TRANSITIONS[from][action] ?? null;
}

/** The state a call moves to; throws {@link IllegalTransitionError} when the action is illegal. */
export function transition(from: CallState, action: CallAction): CallState {
  const to = tryTransition(from, action);
  if (to === null) throw new IllegalTransitionError(from, action);
  return to;
}

/** The journey event an action appends to the call's log. */
export function journeyEventOf(action: CallAction): JourneyEventType {
  return EVENT_OF_ACTION[action];
}

export function isTerminal(state: CallState): boolean {
  return TERMINAL_CALL_STATES.includes(state);
}

/** States in which a call waits for an agent (counts toward queue waiting time). */
export function isWaiting(state: CallState): boolean {
  return state === Queued || state === Offered;
}
