import { AgentState, CallState } from '@fc/contracts';
import type { AgentChangedEvent, CallChangedEvent } from '@fc/journey';
import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { CallRouter } from './call-router.js';

/** Runs a routing round whenever a call joins the queue or an agent becomes available. */
@Injectable()
export class RoutingTriggersListener {
  constructor(private readonly router: CallRouter) {}

  @OnEvent('call.changed')
  onCallChanged(event: CallChangedEvent): void {
    if (event.state === CallState.Queued) void this.router.requestRound();
  }

  @OnEvent('agent.changed')
  onAgentChanged(event: AgentChangedEvent): void {
    if (event.state === AgentState.Available) void this.router.requestRound();
  }
}
