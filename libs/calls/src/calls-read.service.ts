import { AuditAction, AuditService } from '@fc/audit';
import type { AuthenticatedUser } from '@fc/auth';
import { JourneyEventType, Role, type CallView } from '@fc/contracts';
import { CallNotFoundError } from '@fc/journey';
import type { CallEntity, CallEventEntity } from '@fc/persistence';
import { Injectable } from '@nestjs/common';
import { toCallView, toEarlierCallView } from './call-view.js';
import { CallsRepository } from './calls.repository.js';

/** Journey events that make the agent they name a party to the call, who may read it. */
const READ_BY_AGENT_EVENTS: ReadonlySet<string> = new Set([JourneyEventType.Connected, JourneyEventType.DialStarted, JourneyEventType.Transferred]);

@Injectable()
export class CallsReadService {
  constructor(
    private readonly calls: CallsRepository,
    private readonly audit: AuditService,
  ) {}

  /**
   * The call with its whole journey. An agent reads a call they handled (were connected to) or
   * whose follow-up they own; a call they only rang for (declined, let expire, or had revoked)
   * showed them all it ever will in the offer. Anything else is "not found" to them.
   */
  async getCall(callId: string, reader: AuthenticatedUser): Promise<CallView> {
    const call = await this.calls.findById(callId);
    if (!call) throw new CallNotFoundError();
    const events = await this.calls.findEvents(callId);
    if (reader.role === Role.Agent && !(await this.agentMayRead(callId, events, reader))) throw new CallNotFoundError();
    await this.audit.record({ actor: { userId: reader.userId, role: reader.role }, action: AuditAction.CallRead, entityType: 'call', entityId: callId });
    const view = toCallView(call, await this.calls.topicKeyOf(call.topicId), events);
    // A callback's agent sees what happened before: the call it calls back, and its journey.
    if (call.callbackOfCallId) {
      const earlier = await this.calls.findById(call.callbackOfCallId);
      if (earlier) view.callbackOf = toEarlierCallView(earlier, await this.calls.topicKeyOf(earlier.topicId), await this.calls.findEvents(earlier.id));
    }
    return view;
  }

  /** The call without its journey, after a change. */
  async view(call: CallEntity): Promise<CallView> {
    return toCallView(call, await this.calls.topicKeyOf(call.topicId));
  }

  private async agentMayRead(callId: string, events: readonly CallEventEntity[], reader: AuthenticatedUser): Promise<boolean> {
    // Connected, took a callback (dialling the caller), or was given the call by a transfer (the
    // `transferred` event to an agent names that agent).
    if (reader.agentId && events.some((e) => READ_BY_AGENT_EVENTS.has(e.type) && e.agentId === reader.agentId)) return true;
    return this.calls.hasFollowUpOwnedBy(callId, reader.userId);
  }
}
