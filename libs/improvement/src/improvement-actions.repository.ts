import type { EffectReport, ImprovementActionFieldChange, ImprovementActionInsightFilter, ImprovementActionKind, ImprovementActionOrigin, ImprovementActionStatus } from '@fc/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { ImprovementActionQueryDto } from './dto/improvement-action-query.dto.js';

/** An action as the list and its readers see it: with its owner's and creator's names, its topics' and root causes' keys. */
export interface ImprovementActionRow {
  id: string;
  title: string;
  description: string;
  kind: ImprovementActionKind;
  status: ImprovementActionStatus;
  ownerUserId: string | null;
  ownerUsername: string | null;
  ownerDisplayName: string | null;
  dueAt: Date;
  effectiveAt: Date | null;
  result: string | null;
  cancelReason: string | null;
  originKind: ImprovementActionOrigin;
  originReviewId: string | null;
  originInsight: ImprovementActionInsightFilter | null;
  public: boolean;
  publicSummaryNb: string | null;
  publicSummaryEn: string | null;
  remindedAt: Date | null;
  escalatedAt: Date | null;
  createdByUserId: string | null;
  createdByUsername: string | null;
  createdByDisplayName: string | null;
  topicKeys: string[];
  rootCauseKeys: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** One audit entry of an action, with the name of who made it. */
export interface ImprovementActionAuditRow {
  at: Date;
  action: string;
  actorUserId: string | null;
  actorRole: string | null;
  actorUsername: string | null;
  actorDisplayName: string | null;
  data: { changes?: Record<string, ImprovementActionFieldChange> };
}

/** What a done action's effect is measured from, and its last measurement. */
export interface ImprovementActionMeasurement {
  id: string;
  status: ImprovementActionStatus;
  effectiveAt: Date | null;
  topicKeys: string[];
  rootCauseKeys: string[];
  effect: EffectReport | null;
  effectMeasuredAt: Date | null;
}

/** A done action in the list by effect. */
export interface ImprovementActionEffectRow {
  id: string;
  title: string;
  kind: ImprovementActionKind;
  topicKeys: string[];
  rootCauseKeys: string[];
  effectiveAt: Date;
  public: boolean;
  effect: EffectReport | null;
  effectMeasuredAt: Date | null;
}

const TOPIC_KEYS = `ARRAY(SELECT t.key FROM improvement_action_topics x JOIN topics t ON t.id = x.topic_id WHERE x.action_id = a.id ORDER BY t.key)`;
const ROOT_CAUSE_KEYS = `ARRAY(SELECT x.root_cause_id FROM improvement_action_root_causes x WHERE x.action_id = a.id ORDER BY x.root_cause_id)`;

const SELECT = `SELECT a.id, a.title, a.description, a.kind, a.status, a.owner_user_id AS "ownerUserId", o.username AS "ownerUsername", o.display_name AS "ownerDisplayName",
    a.due_at AS "dueAt", a.effective_at AS "effectiveAt", a.result, a.cancel_reason AS "cancelReason", a.origin_kind AS "originKind",
    a.origin_review_id AS "originReviewId", a.origin_insight AS "originInsight", a.public, a.public_summary_nb AS "publicSummaryNb", a.public_summary_en AS "publicSummaryEn",
    a.reminded_at AS "remindedAt", a.escalated_at AS "escalatedAt", a.created_by_user_id AS "createdByUserId", c.username AS "createdByUsername", c.display_name AS "createdByDisplayName",
    ${TOPIC_KEYS} AS "topicKeys", ${ROOT_CAUSE_KEYS} AS "rootCauseKeys", a.created_at AS "createdAt", a.updated_at AS "updatedAt"
  FROM improvement_actions a LEFT JOIN users o ON o.id = a.owner_user_id LEFT JOIN users c ON c.id = a.created_by_user_id`;

const OPEN = `a.status IN ('planned', 'in_progress')`;

const MEASUREMENT = `SELECT a.id, a.status, a.effective_at AS "effectiveAt", ${TOPIC_KEYS} AS "topicKeys", ${ROOT_CAUSE_KEYS} AS "rootCauseKeys",
    a.effect, a.effect_measured_at AS "effectMeasuredAt" FROM improvement_actions a`;

/** The improvement actions' reads, and the writes of their topics and root causes. */
@Injectable()
export class ImprovementActionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One page of the list as `query` filters it: overdue first, then open by due time, then the
   * finished ones, last changed first; with how many match and how many of those are overdue at `now`.
   */
  async findPage(query: ImprovementActionQueryDto, now: Date): Promise<{ rows: ImprovementActionRow[]; total: number; overdue: number }> {
    const where: string[] = [];
    const params: unknown[] = [now];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (query.status) where.push(`a.status = ${param(query.status)}`);
    if (query.ownerUserId) where.push(`a.owner_user_id = ${param(query.ownerUserId)}`);
    if (query.topicKey) where.push(`EXISTS (SELECT 1 FROM improvement_action_topics x JOIN topics t ON t.id = x.topic_id WHERE x.action_id = a.id AND t.key = ${param(query.topicKey)})`);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows: ImprovementActionRow[] = await this.dataSource.query(
      `${SELECT} ${filter}
        ORDER BY (${OPEN} AND a.due_at <= $1) DESC, (${OPEN}) DESC, CASE WHEN ${OPEN} THEN a.due_at END ASC, a.updated_at DESC, a.id
        LIMIT ${param(query.limit ?? 50)} OFFSET ${param(query.offset ?? 0)}`,
      params,
    );
    const [totals] = await this.dataSource.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE ${OPEN} AND a.due_at <= $1)::int AS overdue FROM improvement_actions a ${filter}`,
      params.slice(0, params.length - 2),
    );
    return { rows, total: totals.total, overdue: totals.overdue };
  }

  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<ImprovementActionRow | undefined> {
    const [row]: ImprovementActionRow[] = await manager.query(`${SELECT} WHERE a.id = $1`, [id]);
    return row;
  }

  /** The action's audit entries, oldest first: its history (decision 0038). */
  findHistory(id: string): Promise<ImprovementActionAuditRow[]> {
    return this.dataSource.query(
      `SELECT l.at, l.action, l.actor_user_id AS "actorUserId", l.actor_role AS "actorRole", u.username AS "actorUsername", u.display_name AS "actorDisplayName", l.data
         FROM audit_log l LEFT JOIN users u ON u.id = l.actor_user_id
        WHERE l.entity_type = 'improvement_action' AND l.entity_id = $1 AND l.action LIKE 'improvement_action.%'
        ORDER BY l.at, l.id`,
      [id],
    );
  }

  /** What the action's effect is measured from, and its last measurement; undefined when there is no such action. */
  async findMeasurement(id: string): Promise<ImprovementActionMeasurement | undefined> {
    const [row]: ImprovementActionMeasurement[] = await this.dataSource.query(`${MEASUREMENT} WHERE a.id = $1`, [id]);
    return row;
  }

  /**
   * Done actions never measured, or measured at least `terms.refreshMs` before `now` while their
   * figures could still move (the rule of `effectNeedsMeasuring`, as SQL); never measured first, then
   * the oldest measurement.
   */
  findMeasurementsDue(now: Date, terms: { windowDays: number; repeatWindowDays: number; refreshMs: number }, limit: number, manager: EntityManager): Promise<ImprovementActionMeasurement[]> {
    return manager.query(
      `${MEASUREMENT}
        WHERE a.status = 'done' AND (a.effect_measured_at IS NULL
           OR (a.effect_measured_at < a.effective_at + make_interval(days => $2) AND a.effect_measured_at <= $1::timestamptz - make_interval(secs => $3)))
        ORDER BY a.effect_measured_at NULLS FIRST, a.effective_at LIMIT $4`,
      [now, terms.windowDays + terms.repeatWindowDays + 1, terms.refreshMs / 1000, limit],
    );
  }

  /** Keeps a measurement of the action's effect. */
  async keepEffect(id: string, effect: EffectReport, measuredAt: Date, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE improvement_actions SET effect = $2, effect_measured_at = $3 WHERE id = $1`, [id, effect, measuredAt]);
  }

  /**
   * A page of done actions by the effect on their FCR: improved first (largest difference first), then
   * no change, worsened, too few calls to tell, and not yet measured; with how many are done.
   */
  async findByEffect(page: { limit: number; offset: number }): Promise<{ rows: ImprovementActionEffectRow[]; total: number }> {
    const fcr = `a.effect->'figures'->'fcr'`;
    const [rows, [{ total }]]: [ImprovementActionEffectRow[], [{ total: number }]] = await Promise.all([
      this.dataSource.query(
        `SELECT a.id, a.title, a.kind, ${TOPIC_KEYS} AS "topicKeys", ${ROOT_CAUSE_KEYS} AS "rootCauseKeys", a.effective_at AS "effectiveAt", a.public,
                a.effect, a.effect_measured_at AS "effectMeasuredAt"
           FROM improvement_actions a WHERE a.status = 'done'
          ORDER BY CASE ${fcr}->>'verdict' WHEN 'improved' THEN 0 WHEN 'no_change' THEN 1 WHEN 'worsened' THEN 2 WHEN 'too_few' THEN 3 ELSE 4 END,
                   (${fcr}->>'difference')::float8 DESC NULLS LAST, a.effective_at DESC, a.id
          LIMIT $1 OFFSET $2`,
        [page.limit, page.offset],
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM improvement_actions WHERE status = 'done'`),
    ]);
    return { rows, total };
  }

  /** The ids of the topics with `keys`, by key; a key without a topic is missing from the map. */
  async findTopicIds(keys: readonly string[], manager: EntityManager): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const rows: { id: string; key: string }[] = await manager.query(`SELECT id, key FROM topics WHERE key = ANY($1::text[])`, [keys]);
    return new Map(rows.map((r) => [r.key, r.id]));
  }

  /** Which of `keys` are root causes of the taxonomy (retired ones too: an action may address an old cause). */
  async findRootCauseKeys(keys: readonly string[], manager: EntityManager): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows: { key: string }[] = await manager.query(`SELECT key FROM root_causes WHERE key = ANY($1::text[])`, [keys]);
    return new Set(rows.map((r) => r.key));
  }

  /** Replaces the action's topics with `topicIds`. */
  async replaceTopics(actionId: string, topicIds: readonly string[], manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM improvement_action_topics WHERE action_id = $1`, [actionId]);
    if (topicIds.length) await manager.query(`INSERT INTO improvement_action_topics (action_id, topic_id) SELECT $1, unnest($2::uuid[])`, [actionId, topicIds]);
  }

  /** Replaces the action's root causes with `keys`. */
  async replaceRootCauses(actionId: string, keys: readonly string[], manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM improvement_action_root_causes WHERE action_id = $1`, [actionId]);
    if (keys.length) await manager.query(`INSERT INTO improvement_action_root_causes (action_id, root_cause_id) SELECT $1, unnest($2::text[])`, [actionId, keys]);
  }
}
