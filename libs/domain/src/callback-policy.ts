import { CallDirection, DialResult } from '@fc/contracts';
import { CallAction } from './call-journey.js';

/** How callbacks are tried (DESIGN §11): the settings CALLBACK_MAX_ATTEMPTS and CALLBACK_RETRY_MIN. */
export interface CallbackTerms {
  maxAttempts: number;
  retryMin: number;
}

/**
 * A callback whose caller has not been reached yet: nobody is on the line for it (no place to
 * announce, no leg to move, not a caller waiting on the floor), and accepting it means dialling.
 */
export function isCallbackNotReached(call: { direction: CallDirection; answeredAt: Date | string | null }): boolean {
  return call.direction === CallDirection.Callback && call.answeredAt === null;
}

/** What follows a dial result: the call's next move and, for another try, when it is due. */
export type DialPlan = { action: typeof CallAction.AnswerDial } | { action: typeof CallAction.FailDial; retryAt: Date } | { action: typeof CallAction.GiveUpDial };

/**
 * What a dial's result means for the callback after `attempts` tries (this one included): an answer
 * connects the caller; anything else is tried again `retryMin` later until `maxAttempts` tries were
 * made, then given up (a supervisor's follow-up).
 */
export function planDialResult(result: DialResult, attempts: number, terms: CallbackTerms, now: Date): DialPlan {
  if (result === DialResult.Answered) return { action: CallAction.AnswerDial };
  if (attempts >= terms.maxAttempts) return { action: CallAction.GiveUpDial };
  return { action: CallAction.FailDial, retryAt: new Date(now.getTime() + terms.retryMin * 60_000) };
}
