import { AuditAction, AuditService } from '@fc/audit';
import type { AuthenticatedUser } from '@fc/auth';
import { AppConfig, Clock } from '@fc/config';
import { FollowUpStatus, Role, type FollowUpList, type FollowUpView } from '@fc/contracts';
import { FollowUpChangeError, checkFollowUpChange, followUpTiming, isFollowUpOpen, iso, planFollowUpChange } from '@fc/domain';
import { FollowUpEntity, TransactionRunner, UserEntity } from '@fc/persistence';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { FollowUpQueryDto } from './dto/follow-up-query.dto.js';
import type { UpdateFollowUpDto } from './dto/update-follow-up.dto.js';
import { FollowUpNotFoundError } from './follow-up-errors.js';

interface FollowUpRow {
  id: string;
  callId: string;
  kind: FollowUpView['kind'];
  cause: FollowUpView['cause'];
  status: FollowUpStatus;
  dueAt: Date;
  topicKey: string;
  ownerUserId: string | null;
  ownerUsername: string | null;
  result: string | null;
  doneAt: Date | null;
  remindedAt: Date | null;
  escalatedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const SELECT = `SELECT f.id, f.call_id AS "callId", f.kind, f.cause, f.status, f.due_at AS "dueAt", t.key AS "topicKey",
    f.owner_user_id AS "ownerUserId", u.username AS "ownerUsername", f.result, f.done_at AS "doneAt",
    f.reminded_at AS "remindedAt", f.escalated_at AS "escalatedAt", f.created_at AS "createdAt", f.updated_at AS "updatedAt"
  FROM follow_ups f JOIN calls c ON c.id = f.call_id JOIN topics t ON t.id = c.topic_id LEFT JOIN users u ON u.id = f.owner_user_id`;

const OPEN = `f.status IN ('open', 'in_progress')`;

/** The follow-up list and its changes: supervisors and quality leads see all, an agent their own. */
@Injectable()
export class FollowUpsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async list(query: FollowUpQueryDto, reader: AuthenticatedUser): Promise<FollowUpList> {
    const now = this.clock.now();
    const where: string[] = [];
    const params: unknown[] = [now];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (reader.role === Role.Agent || query.mine) where.push(`f.owner_user_id = ${param(reader.userId)}`);
    if (query.status) where.push(`f.status = ${param(query.status)}`);
    if (query.kind) where.push(`f.kind = ${param(query.kind)}`);
    if (query.topicKey) where.push(`t.key = ${param(query.topicKey)}`);
    if (query.callId) where.push(`f.call_id = ${param(query.callId)}`);
    if (query.overdue === true) where.push(`${OPEN} AND f.due_at <= $1`);
    if (query.overdue === false) where.push(`NOT (${OPEN} AND f.due_at <= $1)`);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows: FollowUpRow[] = await this.dataSource.query(
      `${SELECT} ${filter}
        ORDER BY (${OPEN} AND f.due_at <= $1) DESC, (${OPEN}) DESC,
                 CASE WHEN ${OPEN} THEN f.due_at END ASC, f.updated_at DESC, f.id
        LIMIT ${param(query.limit ?? 50)} OFFSET ${param(query.offset ?? 0)}`,
      params,
    );
    const [totals] = await this.dataSource.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE ${OPEN} AND f.due_at <= $1)::int AS overdue
         FROM follow_ups f JOIN calls c ON c.id = f.call_id JOIN topics t ON t.id = c.topic_id ${filter}`,
      params.slice(0, params.length - 2),
    );
    await this.audit.record({ actor: reader, action: AuditAction.FollowUpList, entityType: 'follow_up', entityId: null, data: { count: rows.length } });
    return { items: rows.map((row) => this.view(row, now)), total: totals.total, overdue: totals.overdue };
  }

  /** One follow-up; its result and call are personal data, so the read is audited. */
  async get(id: string, reader: AuthenticatedUser): Promise<FollowUpView> {
    const row = await this.findVisible(id, reader);
    await this.audit.record({ actor: reader, action: AuditAction.FollowUpRead, entityType: 'follow_up', entityId: id, data: { callId: row.callId } });
    return this.view(row, this.clock.now());
  }

  /**
   * Moves a follow-up along (open → in progress → done, or cancelled), assigns it, records its
   * result: what was done, or why it was cancelled; neither is possible without it. Owners change
   * their own; assigning is for supervisors, quality leads and admins.
   */
  async update(id: string, change: UpdateFollowUpDto, actor: AuthenticatedUser): Promise<FollowUpView> {
    checkFollowUpChange(change, actor.role);
    await this.findVisible(id, actor);
    await this.transactions.run(async ({ manager }) => {
      const followUp = await manager.findOneOrFail(FollowUpEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      const { status, result, becomesDone } = planFollowUpChange(followUp, change);
      if (change.ownerUserId && !(await manager.existsBy(UserEntity, { id: change.ownerUserId, active: true }))) throw new FollowUpChangeError('ownerUserId is not an active user');
      await manager.update(
        FollowUpEntity,
        { id },
        {
          status,
          result,
          ...(change.ownerUserId !== undefined ? { ownerUserId: change.ownerUserId } : {}),
          ...(becomesDone ? { doneAt: this.clock.now() } : {}),
        },
      );
      await this.audit.record(
        {
          actor,
          action: AuditAction.FollowUpUpdate,
          entityType: 'follow_up',
          entityId: id,
          data: { from: followUp.status, to: status, ownerUserId: change.ownerUserId ?? null, result: change.result !== undefined },
        },
        manager,
      );
    });
    return this.view(await this.findVisible(id, actor), this.clock.now());
  }

  private async findVisible(id: string, reader: AuthenticatedUser): Promise<FollowUpRow> {
    const [row]: FollowUpRow[] = await this.dataSource.query(`${SELECT} WHERE f.id = $1`, [id]);
    // An agent learns nothing of follow-ups that are not theirs, not even that they exist.
    if (!row || (reader.role === Role.Agent && row.ownerUserId !== reader.userId)) throw new FollowUpNotFoundError();
    return row;
  }

  private view(row: FollowUpRow, now: Date): FollowUpView {
    return {
      id: row.id,
      callId: row.callId,
      kind: row.kind,
      cause: row.cause,
      status: row.status,
      dueAt: row.dueAt.toISOString(),
      timing: isFollowUpOpen(row.status) ? followUpTiming(row.dueAt, now, this.config.followUpReminderBeforeMin) : null,
      topicKey: row.topicKey,
      ownerUserId: row.ownerUserId,
      ownerUsername: row.ownerUsername,
      result: row.result,
      doneAt: iso(row.doneAt),
      remindedAt: iso(row.remindedAt),
      escalatedAt: iso(row.escalatedAt),
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}
