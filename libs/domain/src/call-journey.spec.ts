import { describe, expect, it } from '@jest/globals';
import { CALL_STATES, type CallState } from '@fc/contracts';
import { CALL_ACTIONS, IllegalTransitionError, OutcomeAlreadyRecordedError, checkLateOutcome, isTerminal, journeyEventOf, transition, tryTransition, type CallAction } from './call-journey.js';

// The journey of DESIGN §3, written out by hand: every legal (state, action) and where it leads.
const LEGAL: ReadonlyArray<[CallState, CallAction, CallState]> = [
  ['arrived', 'queue', 'queued'],
  ['arrived', 'abandon', 'abandoned'],
  ['queued', 'offer', 'offered'],
  ['queued', 'abandon', 'abandoned'],
  ['queued', 'request_callback', 'callback_requested'],
  ['offered', 'accept', 'connected'],
  ['offered', 'decline', 'queued'],
  ['offered', 'expire_offer', 'queued'],
  ['offered', 'revoke_offer', 'queued'],
  ['offered', 'abandon', 'abandoned'],
  ['connected', 'end_talk', 'wrap_up'],
  ['connected', 'transfer_to_topic', 'queued'],
  ['connected', 'transfer_to_agent', 'connected'],
  ['wrap_up', 'record_outcome', 'completed'],
  ['wrap_up', 'time_out_wrap_up', 'completed'],
  ['completed', 'record_late_outcome', 'completed'],
  // Callbacks are calls (DESIGN §11): accepting one dials the caller; its result connects, schedules the next try or gives up.
  ['offered', 'start_dial', 'dialling'],
  ['dialling', 'answer_dial', 'connected'],
  ['dialling', 'fail_dial', 'scheduled'],
  ['dialling', 'give_up_dial', 'unreachable'],
  ['scheduled', 'callback_due', 'queued'],
  ['queued', 'withdraw_callback', 'withdrawn'],
  ['scheduled', 'withdraw_callback', 'withdrawn'],
];

const ALL_PAIRS = CALL_STATES.flatMap((state) => CALL_ACTIONS.map((action) => [state, action] as const));
const isLegal = (state: CallState, action: CallAction) => LEGAL.some(([s, a]) => s === state && a === action);
const ILLEGAL = ALL_PAIRS.filter(([state, action]) => !isLegal(state, action));

describe('call journey state machine', () => {
  it('knows all 12 states and 20 actions, so the tables below cover every pair', () => {
    expect(CALL_STATES).toHaveLength(12);
    expect(CALL_ACTIONS).toHaveLength(20);
    expect(ILLEGAL).toHaveLength(12 * 20 - LEGAL.length);
  });

  it.each(LEGAL)('%s --%s--> %s', (from, action, to) => {
    expect(transition(from, action)).toBe(to);
    expect(tryTransition(from, action)).toBe(to);
  });

  it.each(ILLEGAL)('refuses %s --%s-->', (from, action) => {
    expect(tryTransition(from, action)).toBeNull();
    expect(() => transition(from, action)).toThrow(IllegalTransitionError);
  });

  it('says what was refused, for the 409 answer', () => {
    const error = (() => {
      try {
        transition('completed', 'accept');
      } catch (caught) {
        return caught as IllegalTransitionError;
      }
      throw new Error('expected a refusal');
    })();
    expect(error.kind).toBe('conflict');
    expect(error.from).toBe('completed');
    expect(error.action).toBe('accept');
    expect(error.message).toBe('A call that is completed cannot accept');
  });

  it('has exactly five terminal states, none with a way out', () => {
    const terminal = CALL_STATES.filter(isTerminal);
    expect(terminal).toEqual(['completed', 'abandoned', 'callback_requested', 'unreachable', 'withdrawn']);
    for (const state of terminal) for (const action of CALL_ACTIONS) expect([null, state]).toContain(tryTransition(state, action));
  });

  it('lets an outcome be added after completion only where the wrap-up timed out without one', () => {
    expect(() => checkLateOutcome('not_recorded')).not.toThrow();
    for (const outcome of ['resolved', 'unresolved', null] as const) expect(() => checkLateOutcome(outcome)).toThrow(OutcomeAlreadyRecordedError);
  });

  it('maps each action to its journey event type', () => {
    expect(Object.fromEntries(CALL_ACTIONS.map((action) => [action, journeyEventOf(action)]))).toEqual({
      queue: 'queued',
      offer: 'offered',
      accept: 'connected',
      decline: 'offer_declined',
      expire_offer: 'offer_expired',
      revoke_offer: 'offer_revoked',
      abandon: 'abandoned',
      request_callback: 'callback_requested',
      end_talk: 'talk_ended',
      transfer_to_topic: 'transferred',
      transfer_to_agent: 'transferred',
      record_outcome: 'outcome_recorded',
      time_out_wrap_up: 'outcome_recorded',
      record_late_outcome: 'outcome_recorded',
      start_dial: 'dial_started',
      answer_dial: 'dial_answered',
      fail_dial: 'dial_failed',
      give_up_dial: 'dial_failed',
      callback_due: 'callback_due',
      withdraw_callback: 'callback_withdrawn',
    });
  });
});
