import { DEFAULT_REPEAT_WINDOW_DAYS, TRANSFER_CALLBACK_GRACE_MIN } from './metric-formulas.js';

/** An earlier call from the same caller key, as repeat detection sees it. */
export interface EarlierContact {
  id: string;
  topicId: string;
  arrivedAt: Date;
  /** When the earlier call was last transferred, if ever. */
  lastTransferAt: Date | null;
}

/** A call that has just arrived. */
export interface NewContact {
  topicId: string;
  arrivedAt: Date;
  /** The call this one is a callback for (virtual hold): never a repeat of it. */
  callbackOfCallId: string | null;
}

/**
 * Which earlier call, if any, a new call repeats (DESIGN §7): the most recent one from the same
 * caller key about the same topic that arrived at most `windowDays` earlier (the window runs
 * forward from each call, so exactly `windowDays` later still counts). A call back within 15
 * minutes of the earlier call's transfer is a dropped transfer, not a repeat; a callback never
 * repeats the call it stands in for. Withheld numbers have no key and never get here.
 */
export function repeatedContact(call: NewContact, earlier: readonly EarlierContact[], windowDays = DEFAULT_REPEAT_WINDOW_DAYS): EarlierContact | null {
  const at = call.arrivedAt.getTime();
  let found: EarlierContact | null = null;
  for (const candidate of earlier) {
    const gap = at - candidate.arrivedAt.getTime();
    if (candidate.topicId !== call.topicId || candidate.id === call.callbackOfCallId) continue;
    if (gap < 0 || gap > windowDays * 86_400_000) continue;
    if (candidate.lastTransferAt && at - candidate.lastTransferAt.getTime() <= TRANSFER_CALLBACK_GRACE_MIN * 60_000) continue;
    if (!found || candidate.arrivedAt > found.arrivedAt) found = candidate;
  }
  return found;
}
