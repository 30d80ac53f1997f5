import type { CallEntity } from '@fc/persistence';

/** How long the caller has waited since the call first queued, in whole seconds, as the journey log records it. */
export function waitedSec(call: CallEntity, now: Date): number {
  return call.queuedAt ? Math.max(0, Math.round((now.getTime() - call.queuedAt.getTime()) / 1000)) : 0;
}
