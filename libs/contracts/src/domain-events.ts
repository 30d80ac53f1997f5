import type { AgentState, AgentStateReason } from './agent.js';
import type { CallState } from './call.js';

/** A call's state or agent changed. */
export interface CallChangedEvent {
  callId: string;
  state: CallState;
  previousState: CallState | null;
  agentId: string | null;
  topicId: string;
  at: Date;
}

/** An agent's state changed. */
export interface AgentChangedEvent {
  agentId: string;
  state: AgentState;
  reason: AgentStateReason | null;
  at: Date;
}

/** A user was deactivated, given another role or a new password: their open sessions must end. */
export interface UserAccessRevokedEvent {
  userId: string;
  agentId: string | null;
}

/** Every domain event, by name: published in the process after the transaction that caused it commits. */
export interface DomainEventMap {
  'call.changed': CallChangedEvent;
  'agent.changed': AgentChangedEvent;
  'user.access_revoked': UserAccessRevokedEvent;
}
export type DomainEventName = keyof DomainEventMap;
/** A domain event waiting for its transaction to commit. */
export type PendingDomainEvent = { [K in DomainEventName]: { name: K; payload: DomainEventMap[K] } }[DomainEventName];
