import { SmsMessageEntity } from '@fc/persistence';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SmsGateway, type SmsMessage } from './sms-gateway.js';

/**
 * The default gateway: sends nothing, writes the message to `sms_outbox` in the caller's
 * transaction, where administrators see it (`GET /api/admin/sms-outbox`). A real gateway can
 * deliver from the same table after commit.
 */
@Injectable()
export class OutboxSmsGateway extends SmsGateway {
  async send(message: SmsMessage, manager: EntityManager): Promise<void> {
    await manager.insert(SmsMessageEntity, { callId: message.callId, purpose: message.purpose, toE164: message.to, body: message.body });
  }
}
