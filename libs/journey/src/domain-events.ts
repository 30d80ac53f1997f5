import type { AgentState, AgentStateReason, CallState } from '@fc/contracts';
import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';

export interface CallChangedEvent {
  callId: string;
  state: CallState;
  previousState: CallState | null;
  agentId: string | null;
  topicId: string;
  at: Date;
}

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

/** Every domain event, by name. Published after the transaction that caused it commits. */
export interface DomainEventMap {
  'call.changed': CallChangedEvent;
  'agent.changed': AgentChangedEvent;
  'user.access_revoked': UserAccessRevokedEvent;
}
export type DomainEventName = keyof DomainEventMap;
export type PendingDomainEvent = { [K in DomainEventName]: { name: K; payload: DomainEventMap[K] } }[DomainEventName];

/** Typed front of the in-process event emitter; listeners use `@OnEvent('<name>')`. */
@Injectable()
export class DomainEventBus {
  constructor(private readonly emitter: EventEmitter2) {}

  publish(events: readonly PendingDomainEvent[]): void {
    for (const event of events) this.emitter.emit(event.name, event.payload);
  }
}
