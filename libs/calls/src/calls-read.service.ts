import { AuditAction, AuditService } from '@fc/audit';
import type { AuthenticatedUser } from '@fc/auth';
import { JourneyEventType, Role, type CallView } from '@fc/contracts';
import { CallNotFoundError } from '@fc/journey';
import { CallEntity, CallEventEntity, FollowUpEntity, TopicEntity } from '@fc/persistence';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { toCallView } from './call-view.js';

@Injectable()
export class CallsReadService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * The call with its whole journey. An agent reads a call they handled (were connected to) or
   * whose follow-up they own; a call they only rang for (declined, let expire, or had revoked)
   * showed them all it ever will in the offer. Anything else is "not found" to them.
   */
  async getCall(callId: string, reader: AuthenticatedUser): Promise<CallView> {
    const call = await this.dataSource.getRepository(CallEntity).findOneBy({ id: callId });
    if (!call) throw new CallNotFoundError();
    const events = await this.dataSource.getRepository(CallEventEntity).find({ where: { callId }, order: { seq: 'ASC' } });
    if (reader.role === Role.Agent && !(await this.agentMayRead(callId, events, reader))) throw new CallNotFoundError();
    await this.audit.record({ actor: { userId: reader.userId, role: reader.role }, action: AuditAction.CallRead, entityType: 'call', entityId: callId });
    return toCallView(call, await this.topicKeyOf(call), events);
  }

  /** The call without its journey, after a change. */
  async view(call: CallEntity): Promise<CallView> {
    return toCallView(call, await this.topicKeyOf(call));
  }

  private async agentMayRead(callId: string, events: readonly CallEventEntity[], reader: AuthenticatedUser): Promise<boolean> {
    if (reader.agentId && events.some((e) => e.type === JourneyEventType.Connected && e.agentId === reader.agentId)) return true;
    return this.dataSource.getRepository(FollowUpEntity).existsBy({ callId, ownerUserId: reader.userId });
  }

  private async topicKeyOf(call: CallEntity): Promise<string> {
    const topic = await this.dataSource.getRepository(TopicEntity).findOneByOrFail({ id: call.topicId });
    return topic.key;
  }
}
