import { AgentState, CallState, type AgentChangedEvent, type CallChangedEvent } from '@fc/contracts';
import { OnDomainEvent } from '@fc/journey';
import { Injectable } from '@nestjs/common';
import { CallRouter } from './call-router.js';

/** Runs a routing round whenever a call joins the queue or an agent becomes available. */
@Injectable()
export class RoutingTriggersListener {
  constructor(private readonly router: CallRouter) {}

  @OnDomainEvent('call.changed')
  onCallChanged(event: CallChangedEvent): void {
    if (event.state === CallState.Queued) void this.router.requestRound();
  }

  @OnDomainEvent('agent.changed')
  onAgentChanged(event: AgentChangedEvent): void {
    if (event.state === AgentState.Available) void this.router.requestRound();
  }
}
