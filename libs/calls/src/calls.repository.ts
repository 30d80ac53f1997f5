import { CallEntity, CallEventEntity, FollowUpEntity, topicKeyOf } from '@fc/persistence';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** The reads of a call: the call, its journey, its topic's key and who owns its follow-ups. */
@Injectable()
export class CallsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findById(id: string): Promise<CallEntity | null> {
    return this.dataSource.getRepository(CallEntity).findOneBy({ id });
  }

  /** The call's journey events, in the order they happened. */
  async findEvents(callId: string): Promise<CallEventEntity[]> {
    return this.dataSource.getRepository(CallEventEntity).find({ where: { callId }, order: { seq: 'ASC' } });
  }

  /** Whether the user owns one of the call's follow-ups. */
  async hasFollowUpOwnedBy(callId: string, userId: string): Promise<boolean> {
    return this.dataSource.getRepository(FollowUpEntity).existsBy({ callId, ownerUserId: userId });
  }

  /** The key of a topic that exists (a call's, or one its journey names). */
  async topicKeyOf(topicId: string): Promise<string> {
    return topicKeyOf(this.dataSource.manager, topicId);
  }
}
