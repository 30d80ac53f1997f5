import { AgentState, type BreakReason, type CallState, type JourneyEventType, type JsonObject } from '@fc/contracts';
import { journeyEventOf, transition, type CallAction } from '@fc/domain';
import { AgentEntity, AgentEventEntity, CallEntity, CallEventEntity } from '@fc/persistence';
import type { EntityManager } from 'typeorm';
import type { PendingDomainEvent } from './domain-events.js';

export interface ApplyOptions {
  /** Columns that change with the transition. */
  patch?: Partial<CallEntity>;
  /** The agent the journey event is about, if any. */
  agentId?: string | null;
  data?: JsonObject;
  at?: Date;
}

/**
 * One database transaction of the journey. Locks rows in a fixed order (call, then agents by id)
 * so concurrent changes queue instead of deadlocking, and collects the domain events to publish
 * once the transaction has committed.
 */
export class JourneyTransaction {
  readonly events: PendingDomainEvent[] = [];

  constructor(readonly manager: EntityManager) {}

  lockCall(callId: string): Promise<CallEntity | null> {
    return this.manager.findOne(CallEntity, { where: { id: callId }, lock: { mode: 'pessimistic_write' } });
  }

  lockAgent(agentId: string): Promise<AgentEntity | null> {
    return this.manager.findOne(AgentEntity, { where: { id: agentId }, lock: { mode: 'pessimistic_write' } });
  }

  /** Moves the call by `action` (or refuses with IllegalTransitionError) and appends its journey event. */
  async apply(call: CallEntity, action: CallAction, options: ApplyOptions = {}): Promise<CallEntity> {
    const previousState = call.state;
    const state = transition(call.state, action);
    Object.assign(call, options.patch ?? {}, { state });
    await this.appendEvent(call, journeyEventOf(action), options);
    this.events.push({
      name: 'call.changed',
      payload: { callId: call.id, state, previousState, agentId: call.agentId, topicId: call.topicId, at: options.at ?? new Date() },
    });
    return call;
  }

  /** Appends a journey event and saves the call with its new `lastSeq` (and any pending changes). */
  async appendEvent(call: CallEntity, type: JourneyEventType, options: ApplyOptions = {}): Promise<void> {
    call.lastSeq += 1;
    const { id, lastSeq, ...columns } = call;
    await this.manager.update(CallEntity, { id }, { ...withoutRelations(columns), lastSeq });
    await this.manager.insert(CallEventEntity, {
      callId: id,
      seq: lastSeq,
      type,
      at: options.at ?? new Date(),
      agentId: options.agentId ?? null,
      data: (options.data ?? {}) as CallEventEntity['data'],
    });
  }

  /** Announces a call that was created in this transaction. */
  announceNewCall(call: CallEntity, previousState: CallState | null): void {
    this.events.push({
      name: 'call.changed',
      payload: { callId: call.id, state: call.state, previousState, agentId: call.agentId, topicId: call.topicId, at: new Date() },
    });
  }

  /** Changes the agent's state and appends it to the agents' log; `callId` names the call that caused it. */
  async setAgentState(agent: AgentEntity, state: AgentState, reason: BreakReason | null = null, callId: string | null = null): Promise<void> {
    const at = new Date();
    agent.state = state;
    agent.stateReason = state === AgentState.Break ? reason : null;
    agent.stateSince = at;
    await this.manager.update(AgentEntity, { id: agent.id }, { state, stateReason: agent.stateReason, stateSince: at });
    await this.manager.insert(AgentEventEntity, { agentId: agent.id, at, state, reason: agent.stateReason, callId });
    this.events.push({ name: 'agent.changed', payload: { agentId: agent.id, state, reason: agent.stateReason, at } });
  }
}

function withoutRelations(columns: Partial<CallEntity>): Partial<CallEntity> {
  const { topic: _topic, agent: _agent, repeatOf: _repeatOf, callbackOf: _callbackOf, createdAt: _createdAt, updatedAt: _updatedAt, ...rest } = columns;
  return rest;
}
