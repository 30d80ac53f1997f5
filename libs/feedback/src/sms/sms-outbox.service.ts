import { AuditAction, AuditService } from '@fc/audit';
import type { AuthenticatedUser } from '@fc/auth';
import type { SmsMessageView, SmsOutboxList } from '@fc/contracts';
import { iso } from '@fc/domain';
import { SmsMessageEntity } from '@fc/persistence';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { SmsOutboxQueryDto } from './dto/sms-outbox-query.dto.js';

/** The default gateway's outbox, for administrators: numbers and texts are personal data, so every read is audited. */
@Injectable()
export class SmsOutboxService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(query: SmsOutboxQueryDto, reader: AuthenticatedUser): Promise<SmsOutboxList> {
    const offset = query.offset ?? 0;
    const [rows, total] = await this.dataSource.manager.findAndCount(SmsMessageEntity, {
      where: query.callId ? { callId: query.callId } : {},
      order: { createdAt: 'DESC', id: 'DESC' },
      take: query.limit ?? 50,
      skip: offset,
    });
    await this.audit.record({
      actor: reader,
      action: AuditAction.SmsOutboxList,
      entityType: 'sms_message',
      entityId: null,
      data: { count: rows.length, offset, callId: query.callId ?? null },
    });
    return { items: rows.map(view), total };
  }
}

function view(row: SmsMessageEntity): SmsMessageView {
  return {
    id: row.id,
    callId: row.callId,
    purpose: row.purpose,
    toE164: row.toE164,
    body: row.body,
    createdAt: row.createdAt.toISOString(),
    purgedAt: iso(row.purgedAt),
  };
}
