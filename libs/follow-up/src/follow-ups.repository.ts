import type { AuthenticatedUser } from '@fc/auth';
import { Role, type CallState, type LeaderInvitationAnswer, type FollowUpAssigneeView, type FollowUpStatus, type FollowUpView } from '@fc/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { FollowUpQueryDto } from './dto/follow-up-query.dto.js';

/** A follow-up as the list and its readers see it: with its topic and its owner's username. */
export interface FollowUpRow {
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
  callbackCallId: string | null;
  callbackState: CallState | null;
  callbackDialAttempts: number | null;
  callbackDueAt: Date | null;
  invitationAnswer: LeaderInvitationAnswer | null;
  invitationSuggestedTime: Date | null;
  invitationMessage: string | null;
  invitationSentAt: Date | null;
  invitationExpiresAt: Date | null;
  invitationAnsweredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const SELECT = `SELECT f.id, f.call_id AS "callId", f.kind, f.cause, f.status, f.due_at AS "dueAt", t.key AS "topicKey",
    f.owner_user_id AS "ownerUserId", u.username AS "ownerUsername", f.result, f.done_at AS "doneAt",
    f.reminded_at AS "remindedAt", f.escalated_at AS "escalatedAt", f.created_at AS "createdAt", f.updated_at AS "updatedAt",
    f.callback_call_id AS "callbackCallId", cb.state AS "callbackState", cb.dial_attempts AS "callbackDialAttempts", cb.callback_due_at AS "callbackDueAt",
    li.answer AS "invitationAnswer", li.suggested_time AS "invitationSuggestedTime", li.message AS "invitationMessage",
    li.created_at AS "invitationSentAt", li.expires_at AS "invitationExpiresAt", li.answered_at AS "invitationAnsweredAt"
  FROM follow_ups f JOIN calls c ON c.id = f.call_id JOIN topics t ON t.id = c.topic_id LEFT JOIN users u ON u.id = f.owner_user_id
  LEFT JOIN calls cb ON cb.id = f.callback_call_id LEFT JOIN leader_invitations li ON li.follow_up_id = f.id`;

const OPEN = `f.status IN ('open', 'in_progress')`;

/** The follow-ups' reads, with the call's topic and the owner's name. */
@Injectable()
export class FollowUpsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One page of the list as `query` filters it (an agent's own only), overdue first, then open by
   * due time, then the rest by last change; with how many match and how many of those are overdue at `now`.
   */
  async findPage(query: FollowUpQueryDto, reader: AuthenticatedUser, now: Date): Promise<{ rows: FollowUpRow[]; total: number; overdue: number }> {
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
    return { rows, total: totals.total, overdue: totals.overdue };
  }

  async findById(id: string): Promise<FollowUpRow | undefined> {
    const [row]: FollowUpRow[] = await this.dataSource.query(`${SELECT} WHERE f.id = $1`, [id]);
    return row;
  }

  /** Whom a follow-up can be given to: the active users (the update refuses any other), by name. */
  findAssignees(): Promise<FollowUpAssigneeView[]> {
    return this.dataSource.query(`SELECT id, username, display_name AS "displayName", role FROM users WHERE active ORDER BY display_name, username`);
  }
}
