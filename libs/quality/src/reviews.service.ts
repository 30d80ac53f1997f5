import { AuditAction, AuditService } from '@fc/audit';
import type { AuthenticatedUser } from '@fc/auth';
import { toCallView } from '@fc/calls';
import { Clock } from '@fc/config';
import {
  FollowUpKind,
  FollowUpStatus,
  JourneyEventType,
  ReviewStatus,
  type FollowUpCause,
  type Outcome,
  type ReviewAgent,
  type ReviewCallFollowUp,
  type ReviewCitizenFeedback,
  type ReviewList,
  type ReviewSummary,
  type ReviewView,
} from '@fc/contracts';
import { checkDateRange, iso, journeyTimeline, planReviewChange } from '@fc/domain';
import { CallEntity, CallEventEntity, ReviewEntity, RootCauseEntity, TransactionRunner } from '@fc/persistence';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { ReviewQueryDto } from './dto/review-query.dto.js';
import type { UpdateReviewDto } from './dto/update-review.dto.js';
import { ReviewNotFoundError } from './quality-errors.js';

interface ReviewRow {
  id: string;
  callId: string;
  causes: FollowUpCause[];
  status: ReviewStatus;
  topicKey: string;
  agentId: string | null;
  agentDisplayName: string | null;
  outcome: Outcome | null;
  transferCount: number;
  reviewerUserId: string | null;
  reviewerUsername: string | null;
  reviewerDisplayName: string | null;
  rootCauses: string[];
  agentFeedback: string | null;
  learning: string | null;
  learningShared: boolean;
  followUpId: string | null;
  followUpStatus: FollowUpStatus | null;
  followUpDueAt: Date | null;
  reviewedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const FROM = `FROM reviews r
  JOIN calls c ON c.id = r.call_id
  JOIN topics t ON t.id = r.topic_id
  LEFT JOIN agents a ON a.id = r.agent_id
  LEFT JOIN users au ON au.id = a.user_id
  LEFT JOIN users ru ON ru.id = r.reviewer_user_id
  LEFT JOIN follow_ups f ON f.call_id = r.call_id AND f.kind = '${FollowUpKind.QualityReview}'`;

const SELECT = `SELECT r.id, r.call_id AS "callId", r.causes, r.status, t.key AS "topicKey", r.agent_id AS "agentId",
    au.display_name AS "agentDisplayName", c.outcome, c.transfer_count AS "transferCount",
    r.reviewer_user_id AS "reviewerUserId", ru.username AS "reviewerUsername", ru.display_name AS "reviewerDisplayName",
    r.root_causes AS "rootCauses", r.agent_feedback AS "agentFeedback", r.learning, r.learning_shared AS "learningShared",
    f.id AS "followUpId", f.status AS "followUpStatus", f.due_at AS "followUpDueAt",
    r.reviewed_at AS "reviewedAt", r.created_at AS "createdAt", r.updated_at AS "updatedAt"
  ${FROM}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Quality leads' reviews: the list they work from, one review with the call's whole journey, and their changes to it. */
@Injectable()
export class ReviewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(query: ReviewQueryDto, reader: AuthenticatedUser): Promise<ReviewList> {
    if (query.from && query.to) checkDateRange(new Date(query.from), new Date(query.to));
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (query.status) where.push(`r.status = ${param(query.status)}`);
    if (query.cause) where.push(`${param(query.cause)} = ANY (r.causes)`);
    if (query.topicKey) where.push(`t.key = ${param(query.topicKey)}`);
    if (query.agentId) where.push(`r.agent_id = ${param(query.agentId)}`);
    if (query.rootCause) where.push(`${param(query.rootCause)} = ANY (r.root_causes)`);
    if (query.from) where.push(`r.created_at >= ${param(new Date(query.from))}`);
    if (query.to) where.push(`r.created_at < ${param(new Date(query.to))}`);
    if (query.mine) where.push(`r.reviewer_user_id = ${param(reader.userId)}`);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: { total: number }[] = await this.dataSource.query(`SELECT count(*)::int AS total ${FROM} ${filter}`, params);
    const rows: ReviewRow[] = await this.dataSource.query(
      `${SELECT} ${filter}
        ORDER BY (r.status = '${ReviewStatus.Done}') ASC, r.created_at DESC, r.id
        LIMIT ${param(query.limit ?? 50)} OFFSET ${param(query.offset ?? 0)}`,
      params,
    );
    await this.audit.record({ actor: reader, action: AuditAction.ReviewList, entityType: 'review', entityId: null, data: { count: rows.length } });
    const now = this.clock.now();
    return { items: rows.map((row) => summary(row, now)), total };
  }

  /** The review with the call's whole journey and timeline, its outcome and note, the citizen's feedback and the call's follow-ups. */
  async get(id: string, reader: AuthenticatedUser): Promise<ReviewView> {
    const view = await this.view(id);
    await this.audit.record({ actor: reader, action: AuditAction.ReviewRead, entityType: 'review', entityId: id, data: { callId: view.callId } });
    return view;
  }

  /**
   * Records the quality lead's work on a review (DESIGN §6): status, root causes, feedback to the
   * agent, the learning and whether it is shared; the rules are {@link planReviewChange}'s. Taking
   * or completing the review moves its quality-review follow-up along in the same transaction.
   */
  async update(id: string, change: UpdateReviewDto, actor: AuthenticatedUser): Promise<ReviewView> {
    await this.transactions.run(async ({ manager }) => {
      const review = await manager.findOne(ReviewEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!review) throw new ReviewNotFoundError();
      // Locked for share: a cause an admin retires meanwhile waits for this change, or is seen retired.
      const active = change.rootCauses?.length ? await manager.find(RootCauseEntity, { where: { key: In(change.rootCauses), active: true }, lock: { mode: 'pessimistic_read' } }) : [];
      const now = this.clock.now();
      const plan = planReviewChange(review, change, { actorUserId: actor.userId, now, activeRootCauses: active.map((cause) => cause.key) });
      if (Object.keys(plan.patch).length > 0) await manager.update(ReviewEntity, { id }, plan.patch);
      const followUps = plan.completed
        ? await this.moveFollowUp(manager, review.callId, { status: FollowUpStatus.Done, owner: actor.userId, result: 'review done', doneAt: now })
        : plan.assigned
          ? await this.moveFollowUp(manager, review.callId, { status: FollowUpStatus.InProgress, owner: plan.patch.reviewerUserId! })
          : [];
      await this.audit.record(
        {
          actor,
          action: AuditAction.ReviewUpdate,
          entityType: 'review',
          entityId: id,
          data: {
            from: review.status,
            to: plan.patch.status ?? review.status,
            changed: Object.keys(change).filter((field) => change[field as keyof UpdateReviewDto] !== undefined),
            rootCauses: plan.patch.rootCauses ?? null,
            reviewerUserId: plan.patch.reviewerUserId ?? null,
          },
        },
        manager,
      );
      for (const followUp of followUps) {
        await this.audit.record(
          { actor, action: AuditAction.FollowUpUpdate, entityType: 'follow_up', entityId: followUp.id, data: { from: followUp.from, to: followUp.to, byReviewId: id, result: plan.completed } },
          manager,
        );
      }
    });
    return this.view(id);
  }

  /** The review's quality-review follow-up follows the review, unless someone already finished it. */
  private async moveFollowUp(
    manager: EntityManager,
    callId: string,
    to: { status: FollowUpStatus; owner: string; result?: string; doneAt?: Date },
  ): Promise<{ id: string; from: FollowUpStatus; to: FollowUpStatus }[]> {
    const [rows]: [{ id: string; from: FollowUpStatus }[], number] = await manager.query(
      `UPDATE follow_ups f SET status = $3, owner_user_id = $4, result = COALESCE($5, f.result), done_at = COALESCE($6, f.done_at), updated_at = now()
         FROM (SELECT id, status FROM follow_ups WHERE call_id = $1 AND kind = $2 AND status IN ('${FollowUpStatus.Open}', '${FollowUpStatus.InProgress}') FOR UPDATE) old
        WHERE f.id = old.id
        RETURNING f.id, old.status AS "from"`,
      [callId, FollowUpKind.QualityReview, to.status, to.owner, to.result ?? null, to.doneAt ?? null],
    );
    return rows.map((row) => ({ ...row, to: to.status }));
  }

  /** The whole review, read afresh; no audit entry (the caller writes the one that fits). */
  private async view(id: string): Promise<ReviewView> {
    const [row]: ReviewRow[] = await this.dataSource.query(`${SELECT} WHERE r.id = $1`, [id]);
    if (!row) throw new ReviewNotFoundError();
    const call = await this.dataSource.getRepository(CallEntity).findOneByOrFail({ id: row.callId });
    const events = await this.dataSource.getRepository(CallEventEntity).find({ where: { callId: row.callId }, order: { seq: 'ASC' } });
    const [callTopicKey, firstTopicKey, feedback, followUps, agents] = await Promise.all([
      this.topicKey(call.topicId),
      this.firstTopicKey(call, events),
      this.citizenFeedback(row.callId),
      this.callFollowUps(row.callId),
      this.agentsOf(events, [row.agentId, call.agentId]),
    ]);
    return {
      ...summary(row, this.clock.now()),
      agentFeedback: row.agentFeedback,
      learning: row.learning,
      learningShared: row.learningShared,
      call: toCallView(call, callTopicKey, events),
      timeline: journeyTimeline(events, { firstTopicKey }),
      feedback,
      followUps,
      agents,
    };
  }

  private async topicKey(topicId: string): Promise<string> {
    const [row]: { key: string }[] = await this.dataSource.query('SELECT key FROM topics WHERE id = $1', [topicId]);
    return row!.key;
  }

  /** The topic the call first queued for: where its first transfer to a topic came from, or its topic now. */
  private async firstTopicKey(call: CallEntity, events: readonly CallEventEntity[]): Promise<string> {
    const firstTransfer = events.find((e) => e.type === JourneyEventType.Transferred && e.data.to === 'topic');
    const fromTopicId: unknown = firstTransfer?.data.fromTopicId;
    return this.topicKey(typeof fromTopicId === 'string' && UUID.test(fromTopicId) ? fromTopicId : call.topicId);
  }

  private async citizenFeedback(callId: string): Promise<ReviewCitizenFeedback | null> {
    const [row]: { score: number | null; comment: string | null; commentPurgedAt: Date | null; usedAt: Date }[] = await this.dataSource.query(
      `SELECT score, comment, comment_purged_at AS "commentPurgedAt", used_at AS "usedAt" FROM feedback WHERE call_id = $1 AND used_at IS NOT NULL`,
      [callId],
    );
    return row ? { score: row.score, comment: row.comment, commentPurged: row.commentPurgedAt !== null, receivedAt: row.usedAt.toISOString() } : null;
  }

  private async callFollowUps(callId: string): Promise<ReviewCallFollowUp[]> {
    const rows: (Omit<ReviewCallFollowUp, 'dueAt' | 'doneAt'> & { dueAt: Date; doneAt: Date | null })[] = await this.dataSource.query(
      `SELECT f.id, f.kind, f.cause, f.status, f.due_at AS "dueAt", u.username AS "ownerUsername", f.result, f.done_at AS "doneAt"
         FROM follow_ups f LEFT JOIN users u ON u.id = f.owner_user_id
        WHERE f.call_id = $1 ORDER BY f.created_at, f.kind`,
      [callId],
    );
    return rows.map((row) => ({ ...row, dueAt: row.dueAt.toISOString(), doneAt: iso(row.doneAt) }));
  }

  /** Every agent the journey names, by name: the ones who were offered, talked, transferred or were transferred to. */
  private async agentsOf(events: readonly CallEventEntity[], more: readonly (string | null)[]): Promise<ReviewAgent[]> {
    const ids = new Set<string>();
    const add = (value: unknown) => {
      if (typeof value === 'string' && UUID.test(value)) ids.add(value);
    };
    for (const event of events) {
      add(event.agentId);
      add(event.data.fromAgentId);
      add(event.data.toAgentId);
      add(event.data.whileOfferedTo);
    }
    more.forEach(add);
    if (ids.size === 0) return [];
    return this.dataSource.query(
      `SELECT a.id AS "agentId", u.username, u.display_name AS "displayName" FROM agents a JOIN users u ON u.id = a.user_id
        WHERE a.id = ANY ($1::uuid[]) ORDER BY u.username`,
      [[...ids]],
    );
  }
}

function summary(row: ReviewRow, now: Date): ReviewSummary {
  const open = row.followUpStatus === FollowUpStatus.Open || row.followUpStatus === FollowUpStatus.InProgress;
  return {
    id: row.id,
    callId: row.callId,
    causes: row.causes,
    status: row.status,
    topicKey: row.topicKey,
    agentId: row.agentId,
    agentDisplayName: row.agentDisplayName,
    outcome: row.outcome,
    transferCount: row.transferCount,
    reviewer: row.reviewerUserId ? { userId: row.reviewerUserId, username: row.reviewerUsername!, displayName: row.reviewerDisplayName! } : null,
    rootCauses: row.rootCauses,
    followUp:
      row.followUpId && row.followUpStatus && row.followUpDueAt
        ? { id: row.followUpId, status: row.followUpStatus, dueAt: row.followUpDueAt.toISOString(), overdue: open && row.followUpDueAt.getTime() <= now.getTime() }
        : null,
    reviewedAt: iso(row.reviewedAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
