import {
  type AgentEvaluationView,
  type CalibrationStatus,
  type CalibrationSummary,
  type EvaluationCriterion,
  type EvaluationFormVersionView,
  type EvaluationFormView,
  type EvaluationScores,
  type EvaluationView,
} from '@fc/contracts';
import { iso } from '@fc/domain';
import type { PageQueryDto } from '@fc/http';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

interface VersionRow {
  versionId: string;
  formId: string;
  formKey: string;
  nameNb: string;
  nameEn: string;
  version: number;
  criteria: EvaluationCriterion[];
  versionCreatedAt: Date;
}

interface EvaluationRow extends VersionRow {
  id: string;
  reviewId: string;
  evaluatorUserId: string;
  evaluatorDisplayName: string;
  scores: EvaluationScores;
  score: number;
  comment: string | null;
  calibrationId: string | null;
  submittedAt: Date;
  acknowledgedAt: Date | null;
  acknowledgementComment: string | null;
}

/** A calibration as stored, with its starter's and participants' names. */
export interface CalibrationRow {
  id: string;
  reviewId: string;
  status: CalibrationStatus;
  formVersionId: string;
  startedByUserId: string;
  startedByDisplayName: string;
  participants: { userId: string; displayName: string; scored: boolean }[];
  createdAt: Date;
  closedAt: Date | null;
}

const VERSION_COLUMNS = `v.id AS "versionId", f.id AS "formId", f.key AS "formKey", f.name_nb AS "nameNb", f.name_en AS "nameEn",
    v.version, v.criteria, v.created_at AS "versionCreatedAt"`;

const EVALUATION_COLUMNS = `e.id, e.review_id AS "reviewId", e.evaluator_user_id AS "evaluatorUserId", u.display_name AS "evaluatorDisplayName",
    e.scores, e.score, e.comment, e.calibration_id AS "calibrationId", e.submitted_at AS "submittedAt",
    e.acknowledged_at AS "acknowledgedAt", e.acknowledgement_comment AS "acknowledgementComment", ${VERSION_COLUMNS}`;

const EVALUATION_FROM = `FROM evaluations e
  JOIN users u ON u.id = e.evaluator_user_id
  JOIN evaluation_form_versions v ON v.id = e.form_version_id
  JOIN evaluation_forms f ON f.id = v.form_id`;

const EVALUATION_SELECT = `SELECT ${EVALUATION_COLUMNS} ${EVALUATION_FROM}`;

const CALIBRATION_SELECT = `SELECT c.id, c.review_id AS "reviewId", c.status, c.form_version_id AS "formVersionId",
    c.started_by_user_id AS "startedByUserId", su.display_name AS "startedByDisplayName", c.created_at AS "createdAt", c.closed_at AS "closedAt",
    (SELECT json_agg(json_build_object('userId', pu.id, 'displayName', pu.display_name,
        'scored', EXISTS (SELECT 1 FROM evaluations pe WHERE pe.calibration_id = c.id AND pe.evaluator_user_id = pu.id)) ORDER BY p.ord)
       FROM unnest(c.participant_user_ids) WITH ORDINALITY AS p(user_id, ord) JOIN users pu ON pu.id = p.user_id) AS participants
  FROM calibrations c
  JOIN users su ON su.id = c.started_by_user_id`;

/** The evaluations' reads: forms with their current version, a review's, an agent's and a calibration's evaluations, calibrations. */
@Injectable()
export class EvaluationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Each form with its newest version, by name; only active ones when `activeOnly`. */
  async findCurrentForms(activeOnly: boolean): Promise<EvaluationFormView[]> {
    const rows: (VersionRow & { active: boolean })[] = await this.dataSource.query(
      `SELECT DISTINCT ON (f.name_nb, f.id) ${VERSION_COLUMNS}, f.active
         FROM evaluation_forms f JOIN evaluation_form_versions v ON v.form_id = f.id
        ${activeOnly ? 'WHERE f.active' : ''}
        ORDER BY f.name_nb, f.id, v.version DESC`,
    );
    return rows.map(toFormView);
  }

  async findCurrentForm(where: { id: string } | { key: string }): Promise<EvaluationFormView | undefined> {
    const [row]: (VersionRow & { active: boolean })[] = await this.dataSource.query(
      `SELECT ${VERSION_COLUMNS}, f.active
         FROM evaluation_forms f JOIN evaluation_form_versions v ON v.form_id = f.id
        WHERE ${'id' in where ? 'f.id' : 'f.key'} = $1
        ORDER BY v.version DESC LIMIT 1`,
      ['id' in where ? where.id : where.key],
    );
    return row && toFormView(row);
  }

  /** Every version of a form, newest first. */
  async findVersions(formId: string): Promise<EvaluationFormVersionView[]> {
    const rows: VersionRow[] = await this.dataSource.query(
      `SELECT ${VERSION_COLUMNS} FROM evaluation_form_versions v JOIN evaluation_forms f ON f.id = v.form_id WHERE f.id = $1 ORDER BY v.version DESC`,
      [formId],
    );
    return rows.map(toVersionView);
  }

  async findVersion(versionId: string): Promise<EvaluationFormVersionView | undefined> {
    const [row]: VersionRow[] = await this.dataSource.query(`SELECT ${VERSION_COLUMNS} FROM evaluation_form_versions v JOIN evaluation_forms f ON f.id = v.form_id WHERE v.id = $1`, [versionId]);
    return row && toVersionView(row);
  }

  async findEvaluation(id: string): Promise<EvaluationView | undefined> {
    const [row]: EvaluationRow[] = await this.dataSource.query(`${EVALUATION_SELECT} WHERE e.id = $1`, [id]);
    return row && toEvaluationView(row);
  }

  /** A review's evaluations outside calibrations, newest first. */
  async findForReview(reviewId: string): Promise<EvaluationView[]> {
    const rows: EvaluationRow[] = await this.dataSource.query(`${EVALUATION_SELECT} WHERE e.review_id = $1 AND e.calibration_id IS NULL ORDER BY e.submitted_at DESC, e.id`, [reviewId]);
    return rows.map(toEvaluationView);
  }

  /** A calibration's evaluations in its participants' order; only `evaluatorUserId`'s when given. */
  async findForCalibration(calibrationId: string, evaluatorUserId?: string): Promise<EvaluationView[]> {
    const rows: EvaluationRow[] = await this.dataSource.query(
      `${EVALUATION_SELECT} JOIN calibrations c ON c.id = e.calibration_id
        WHERE e.calibration_id = $1 AND ($2::uuid IS NULL OR e.evaluator_user_id = $2)
        ORDER BY array_position(c.participant_user_ids, e.evaluator_user_id)`,
      [calibrationId, evaluatorUserId ?? null],
    );
    return rows.map(toEvaluationView);
  }

  /** Evaluations of the agent's reviewed calls (only `id`, when given), newest first: never a calibration's. */
  async findForAgent(agentId: string, page: PageQueryDto, id?: string): Promise<AgentEvaluationView[]> {
    const rows: (EvaluationRow & { callId: string; topicKey: string })[] = await this.dataSource.query(
      `SELECT ${EVALUATION_COLUMNS}, r.call_id AS "callId", t.key AS "topicKey" ${EVALUATION_FROM}
        JOIN reviews r ON r.id = e.review_id
        JOIN topics t ON t.id = r.topic_id
       WHERE r.agent_id = $1 AND e.calibration_id IS NULL AND ($4::uuid IS NULL OR e.id = $4)
       ORDER BY e.submitted_at DESC, e.id
       LIMIT $2 OFFSET $3`,
      [agentId, page.limit ?? 50, page.offset ?? 0, id ?? null],
    );
    return rows.map((row) => ({ ...toEvaluationView(row), callId: row.callId, topicKey: row.topicKey }));
  }

  async findCalibration(id: string): Promise<CalibrationRow | undefined> {
    const [row]: CalibrationRow[] = await this.dataSource.query(`${CALIBRATION_SELECT} WHERE c.id = $1`, [id]);
    return row;
  }

  /** The calibrations a quality lead takes part in (of one review, when given), open ones first, newest first. */
  async findCalibrationsOf(userId: string, reviewId: string | undefined): Promise<CalibrationSummary[]> {
    const rows: (CalibrationRow & { nameNb: string; nameEn: string; version: number })[] = await this.dataSource.query(
      `SELECT x.*, f.name_nb AS "nameNb", f.name_en AS "nameEn", v.version FROM (${CALIBRATION_SELECT}
         WHERE $1 = ANY (c.participant_user_ids) AND ($2::uuid IS NULL OR c.review_id = $2)) x
        JOIN evaluation_form_versions v ON v.id = x."formVersionId" JOIN evaluation_forms f ON f.id = v.form_id
        ORDER BY (x.status = 'open') DESC, x."createdAt" DESC LIMIT 100`,
      [userId, reviewId ?? null],
    );
    return rows.map((row) => ({ ...toCalibrationBase(row), formName: { nb: row.nameNb, en: row.nameEn }, version: row.version }));
  }
}

/** A calibration's fields every view of it shares. */
export function toCalibrationBase(row: CalibrationRow): Omit<CalibrationSummary, 'formName' | 'version'> {
  return {
    id: row.id,
    reviewId: row.reviewId,
    status: row.status,
    startedBy: { userId: row.startedByUserId, displayName: row.startedByDisplayName },
    participants: row.participants ?? [],
    createdAt: row.createdAt.toISOString(),
    closedAt: iso(row.closedAt),
  };
}

function toFormView(row: VersionRow & { active: boolean }): EvaluationFormView {
  return {
    id: row.formId,
    key: row.formKey,
    nameNb: row.nameNb,
    nameEn: row.nameEn,
    active: row.active,
    versionId: row.versionId,
    version: row.version,
    criteria: row.criteria,
    versionCreatedAt: row.versionCreatedAt.toISOString(),
  };
}

function toVersionView(row: VersionRow): EvaluationFormVersionView {
  return {
    id: row.versionId,
    formId: row.formId,
    formKey: row.formKey,
    nameNb: row.nameNb,
    nameEn: row.nameEn,
    version: row.version,
    criteria: row.criteria,
    createdAt: row.versionCreatedAt.toISOString(),
  };
}

function toEvaluationView(row: EvaluationRow): EvaluationView {
  return {
    id: row.id,
    reviewId: row.reviewId,
    form: toVersionView(row),
    evaluator: { userId: row.evaluatorUserId, displayName: row.evaluatorDisplayName },
    scores: row.scores,
    score: row.score,
    comment: row.comment,
    calibrationId: row.calibrationId,
    submittedAt: row.submittedAt.toISOString(),
    acknowledgedAt: iso(row.acknowledgedAt),
    acknowledgementComment: row.acknowledgementComment,
  };
}
