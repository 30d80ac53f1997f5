import type { JsonObject } from '@fc/contracts';
import type { Actor } from '@fc/domain';
import { AuditLogEntity } from '@fc/persistence';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditAction } from './audit-action.js';

export interface AuditEntry {
  actor: Actor | null;
  action: AuditAction;
  entityType: string;
  entityId?: string | null;
  /** What changed or what was read; never raw personal data. */
  data?: JsonObject;
}

/** Writes the audit trail: every read of personal data and every change made by a person. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records an entry; pass the transaction's manager so the entry commits or rolls back with the change. */
  async record(entry: AuditEntry, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.insert(AuditLogEntity, {
      actorUserId: entry.actor?.userId ?? null,
      actorRole: entry.actor?.role ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      data: (entry.data ?? {}) as AuditLogEntity['data'],
    });
  }
}
