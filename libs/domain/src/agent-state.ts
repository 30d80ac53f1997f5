import { AgentState, BreakReason, SelectableAgentState } from '@fc/contracts';
import { DomainError } from './domain-error.js';

/** Thrown when an agent asks for a state its current work does not allow. */
export class AgentStateConflictError extends DomainError {
  readonly kind = 'conflict';

  constructor(
    readonly from: AgentState,
    readonly to: SelectableAgentState,
  ) {
    super(`An agent who is ${from.replace('_', ' ')} cannot switch to ${to}; finish the call first`);
  }
}

/**
 * What happens when an agent chooses a state (DESIGN §4).
 * - `to`: the state the agent is in afterwards; a reserved agent asked to be available stays
 *   `reserved` (the offer is theirs until it is accepted, declined or expires).
 * - `revokeOffer`: the agent was reserved for an offer; it must be revoked and the call re-queued
 *   before the agent leaves, so no call is stranded on an agent who is gone.
 * Agents on a call or in wrap-up must finish it first.
 */
export interface AgentStateChange {
  to: AgentState;
  reason: BreakReason | null;
  revokeOffer: boolean;
}

export function planAgentStateChange(from: AgentState, to: SelectableAgentState, reason: BreakReason | undefined): AgentStateChange {
  if (from === AgentState.OnCall || from === AgentState.WrapUp) throw new AgentStateConflictError(from, to);
  if (from === AgentState.Reserved && to === AgentState.Available) {
    // Already working an offer: nothing changes. Becoming available would let the next round pair
    // the agent with a second call, and revoking would lose the caller's turn.
    return { to: AgentState.Reserved, reason: null, revokeOffer: false };
  }
  return {
    to,
    reason: to === AgentState.Break ? (reason ?? BreakReason.Break) : null,
    revokeOffer: from === AgentState.Reserved,
  };
}
