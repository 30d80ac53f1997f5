import { AgentState, type AgentStateReason, type BreakReason, type OfflineReason } from '@fc/contracts';

/** The message key of an agent's state reason: why they are on a break, or why the system logged them off. */
export const stateReasonKey = (state: AgentState, reason: AgentStateReason): `offlineReasons.${OfflineReason}` | `breakReasons.${BreakReason}` =>
  // The api gives an offline agent an offline reason and an agent on a break a break reason.
  state === AgentState.Offline ? `offlineReasons.${reason as OfflineReason}` : `breakReasons.${reason as BreakReason}`;
