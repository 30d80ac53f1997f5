import type { AuthenticatedUser } from '@fc/auth';
import {
  FollowUpKind,
  FollowUpStatus,
  ReviewStatus,
  type AgentFeedbackView,
  type ReviewAgent,
  type ReviewCallFollowUp,
  type ReviewCitizenFeedback,
  type ReviewSummary,
  type SharedLearningView,
} from '@fc/contracts';
import { iso } from '@fc/domain';
import type { PageQueryDto } from '@fc/http';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { ReviewQueryDto } from './dto/review-query.dto.js';
import type { RootCauseInsightsQuery } from './root-cause-insights.service.js';

/** A review as the list and its readers see it: with its call's topic and outcome, its agent, its reviewer and its quality-review follow-up. */
export interface ReviewRow extends Pick<ReviewSummary, 'id' | 'callId' | 'causes' | 'status' | 'topicKey' | 'agentId' | 'agentDisplayName' | 'outcome' | 'transferCount' | 'rootCauses'> {
  reviewerUserId: string | null;
  reviewerUsername: string | null;
  reviewerDisplayName: string | null;
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

/** A follow-up a review moved along, and between which statuses. */
export interface MovedFollowUp {
  id: string;
  from: FollowUpStatus;
  to: FollowUpStatus;
}

/** How many done reviews of one topic and period carry one root cause. */
export interface RootCauseCount {
  periodStart: Date;
  topicKey: string;
  rootCause: string;
  count: number;
}

/** How many reviews of one topic and period are done. */
export interface DoneReviewCount {
  periodStart: Date;
  topicKey: string;
  count: number;
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

/**
 * The reviews' reads: the quality leads' list and what a reviewer sees of the call around a review,
 * the feedback and learnings done reviews give back, the counts behind the root-cause insights;
 * and the move of a review's follow-up.
 */
@Injectable()
export class ReviewsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One page of the list as `query` filters it (`mine`: the reader's as reviewer), open reviews first, then newest; with how many match. */
  async findPage(query: ReviewQueryDto, reader: AuthenticatedUser): Promise<{ rows: ReviewRow[]; total: number }> {
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
    return { rows, total };
  }

  async findById(id: string): Promise<ReviewRow | undefined> {
    const [row]: ReviewRow[] = await this.dataSource.query(`${SELECT} WHERE r.id = $1`, [id]);
    return row;
  }

  /** What the citizen answered about the call, if they answered. */
  async findCitizenFeedback(callId: string): Promise<ReviewCitizenFeedback | null> {
    const [row]: { score: number | null; comment: string | null; commentPurgedAt: Date | null; usedAt: Date }[] = await this.dataSource.query(
      `SELECT score, comment, comment_purged_at AS "commentPurgedAt", used_at AS "usedAt" FROM feedback WHERE call_id = $1 AND used_at IS NOT NULL`,
      [callId],
    );
    return row ? { score: row.score, comment: row.comment, commentPurged: row.commentPurgedAt !== null, receivedAt: row.usedAt.toISOString() } : null;
  }

  /** Every follow-up of the call, in the order they were made, with its owner's username. */
  async findCallFollowUps(callId: string): Promise<ReviewCallFollowUp[]> {
    const rows: (Omit<ReviewCallFollowUp, 'dueAt' | 'doneAt'> & { dueAt: Date; doneAt: Date | null })[] = await this.dataSource.query(
      `SELECT f.id, f.kind, f.cause, f.status, f.due_at AS "dueAt", u.username AS "ownerUsername", f.result, f.done_at AS "doneAt"
         FROM follow_ups f LEFT JOIN users u ON u.id = f.owner_user_id
        WHERE f.call_id = $1 ORDER BY f.created_at, f.kind`,
      [callId],
    );
    return rows.map((row) => ({ ...row, dueAt: row.dueAt.toISOString(), doneAt: iso(row.doneAt) }));
  }

  /** The agents with these ids, by username. */
  async findAgents(agentIds: readonly string[]): Promise<ReviewAgent[]> {
    if (agentIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT a.id AS "agentId", u.username, u.display_name AS "displayName" FROM agents a JOIN users u ON u.id = a.user_id
        WHERE a.id = ANY ($1::uuid[]) ORDER BY u.username`,
      [agentIds],
    );
  }

  /**
   * Moves the call's quality-review follow-up to `to` in the caller's transaction, if it is still
   * open or in progress (someone may have finished it already); says which moved, from what.
   */
  async moveQualityReviewFollowUp(manager: EntityManager, callId: string, to: { status: FollowUpStatus; owner: string; result?: string; doneAt?: Date }): Promise<MovedFollowUp[]> {
    const [rows]: [{ id: string; from: FollowUpStatus }[], number] = await manager.query(
      `UPDATE follow_ups f SET status = $3, owner_user_id = $4, result = COALESCE($5, f.result), done_at = COALESCE($6, f.done_at), updated_at = now()
         FROM (SELECT id, status FROM follow_ups WHERE call_id = $1 AND kind = $2 AND status IN ('${FollowUpStatus.Open}', '${FollowUpStatus.InProgress}') FOR UPDATE) old
        WHERE f.id = old.id
        RETURNING f.id, old.status AS "from"`,
      [callId, FollowUpKind.QualityReview, to.status, to.owner, to.result ?? null, to.doneAt ?? null],
    );
    return rows.map((row) => ({ ...row, to: to.status }));
  }

  /** The agent's own done reviews that carry feedback to them, newest first. */
  async findFeedbackFor(agentId: string, page: PageQueryDto): Promise<AgentFeedbackView[]> {
    const rows: (Omit<AgentFeedbackView, 'reviewedAt'> & { reviewedAt: Date })[] = await this.dataSource.query(
      `SELECT r.id AS "reviewId", r.call_id AS "callId", t.key AS "topicKey", r.root_causes AS "rootCauses",
              r.agent_feedback AS "agentFeedback", r.learning, r.reviewed_at AS "reviewedAt"
         FROM reviews r JOIN topics t ON t.id = r.topic_id
        WHERE r.agent_id = $1 AND r.status = '${ReviewStatus.Done}' AND r.agent_feedback IS NOT NULL
        ORDER BY r.reviewed_at DESC, r.id
        LIMIT $2 OFFSET $3`,
      [agentId, page.limit ?? 50, page.offset ?? 0],
    );
    return rows.map((row) => ({ ...row, reviewedAt: row.reviewedAt.toISOString() }));
  }

  /** Learnings of done reviews that their reviewers shared, newest first: the topic, the root causes and the text. */
  async findSharedLearnings(page: PageQueryDto): Promise<SharedLearningView[]> {
    const rows: (Omit<SharedLearningView, 'reviewedAt'> & { reviewedAt: Date })[] = await this.dataSource.query(
      `SELECT t.key AS "topicKey", r.root_causes AS "rootCauses", r.learning, r.reviewed_at AS "reviewedAt"
         FROM reviews r JOIN topics t ON t.id = r.topic_id
        WHERE r.learning_shared AND r.status = '${ReviewStatus.Done}' AND r.learning IS NOT NULL
        ORDER BY r.reviewed_at DESC, r.id
        LIMIT $1 OFFSET $2`,
      [page.limit ?? 50, page.offset ?? 0],
    );
    return rows.map((row) => ({ ...row, reviewedAt: row.reviewedAt.toISOString() }));
  }

  /**
   * For the effect of a change (decision 0039): done reviews whose calls arrived in [from, to), of
   * the given topics (all topics when none are given), and how many of them have one of
   * `rootCauses` (each review once), counted as the root-cause insights count them.
   */
  async countDoneWithRootCauses(from: Date, to: Date, topicKeys: readonly string[], rootCauses: readonly string[]): Promise<{ done: number; withRootCause: number }> {
    const [row] = await this.dataSource.query<{ done: number; with_root_cause: number }[]>(
      `SELECT count(*)::int AS done, count(*) FILTER (WHERE r.root_causes && $4::text[])::int AS with_root_cause
         FROM reviews r JOIN calls c ON c.id = r.call_id JOIN topics t ON t.id = r.topic_id
        WHERE r.status = '${ReviewStatus.Done}' AND c.arrived_at >= $1 AND c.arrived_at < $2 AND (cardinality($3::text[]) = 0 OR t.key = ANY ($3::text[]))`,
      [from, to, topicKeys, rootCauses],
    );
    return { done: row!.done, withRootCause: row!.with_root_cause };
  }

  /**
   * Done reviews whose calls arrived in the query's range, counted per period of arrival (in
   * `timeZone`) and topic, and per root cause besides: each root cause once per review.
   */
  async countDone(query: RootCauseInsightsQuery, timeZone: string): Promise<{ byRootCause: RootCauseCount[]; reviews: DoneReviewCount[] }> {
    // $3 is one of day, week, month (validated); weeks begin on Monday, as date_trunc's ISO weeks do.
    const done = `SELECT r.root_causes, t.key AS topic_key, date_trunc($3, c.arrived_at AT TIME ZONE $4) AT TIME ZONE $4 AS period_start
        FROM reviews r JOIN calls c ON c.id = r.call_id JOIN topics t ON t.id = r.topic_id
       WHERE r.status = '${ReviewStatus.Done}' AND c.arrived_at >= $1 AND c.arrived_at < $2 AND ($5::text IS NULL OR t.key = $5)`;
    const params = [query.from, query.to, query.interval, timeZone, query.topicKey];
    const [byRootCause, reviews] = await Promise.all([
      this.dataSource.query<RootCauseCount[]>(
        `SELECT d.period_start AS "periodStart", d.topic_key AS "topicKey", cause AS "rootCause", count(*)::int AS count
           FROM (${done}) d, unnest(d.root_causes) AS cause GROUP BY 1, 2, 3`,
        params,
      ),
      this.dataSource.query<DoneReviewCount[]>(`SELECT d.period_start AS "periodStart", d.topic_key AS "topicKey", count(*)::int AS count FROM (${done}) d GROUP BY 1, 2`, params),
    ]);
    return { byRootCause, reviews };
  }
}
