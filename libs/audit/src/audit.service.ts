import type { JsonObject } from '@fc/contracts';
import type { Actor } from '@fc/domain';
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

  /**
   * Records an entry; pass the transaction's manager so the entry commits or rolls back with the
   * change. Plain SQL: every agent action writes one, and TypeORM's insert built the statement
   * anew each time and read back columns nobody uses (decision 0050).
   */
  async record(entry: AuditEntry, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const { sql, values } = this.insertOf(entry);
    await manager.query(sql, values);
  }

  /** The INSERT that records `entry`, for a writer that sends it with its own statement (the journey's, decision 0050). */
  insertOf(entry: AuditEntry): { sql: string; values: unknown[] } {
    return {
      sql: 'INSERT INTO audit_log (actor_user_id, actor_role, action, entity_type, entity_id, data) VALUES ($1, $2, $3, $4, $5, $6::jsonb)',
      values: [entry.actor?.userId ?? null, entry.actor?.role ?? null, entry.action, entry.entityType, entry.entityId ?? null, JSON.stringify(entry.data ?? {})],
    };
  }
}
