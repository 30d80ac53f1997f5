import { AgentState, type AgentStateReason } from '@fc/contracts';

/** The message key of an agent's state reason: why they are on a break, or why the system logged them off. */
export const stateReasonKey = (state: AgentState, reason: AgentStateReason): string =>
  state === AgentState.Offline ? `offlineReasons.${reason}` : `breakReasons.${reason}`;
