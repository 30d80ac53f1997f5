import { AuditAction, AuditService } from '@fc/audit';
import type { AuthenticatedUser } from '@fc/auth';
import { Clock } from '@fc/config';
import { CalibrationStatus, Role, type CalibrationSummary, type CalibrationView, type EvaluationView } from '@fc/contracts';
import { calibrationSpread, scoreEvaluation } from '@fc/domain';
import { CalibrationEntity, EvaluationEntity, EvaluationFormVersionEntity, ReviewEntity, TransactionRunner, UserEntity } from '@fc/persistence';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { CalibrationScoreDto } from './dto/calibration-score.dto.js';
import type { StartCalibrationDto } from './dto/start-calibration.dto.js';
import {
  CalibrationClosedError,
  CalibrationNotFoundError,
  CalibrationParticipantsError,
  CalibrationScoredError,
  NotCalibrationParticipantError,
  NotCalibrationStarterError,
} from './evaluation-errors.js';
import { currentVersion, optionalText } from './evaluations.service.js';
import { EvaluationsRepository, toCalibrationBase } from './evaluations.repository.js';
import { ReviewNotFoundError } from './quality-errors.js';

/**
 * Calibration (decision 0040): quality leads score one review blind, each with the same pinned form
 * version. While it is open a participant sees who has scored and their own evaluation, nobody
 * else's; once everyone has scored (or its starter closes it) every evaluation and the spread per
 * criterion are shown. Calibration evaluations are never shown to the agent.
 */
@Injectable()
export class CalibrationsService {
  constructor(
    private readonly evaluations: EvaluationsRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async start(input: StartCalibrationDto, actor: AuthenticatedUser): Promise<CalibrationView> {
    // The starter takes part, first; then the others in the order given.
    const participants = [actor.userId, ...input.participantUserIds.filter((id) => id !== actor.userId)];
    if (participants.length < 2) throw new CalibrationParticipantsError('A calibration needs at least one quality lead besides you');
    const id = await this.transactions.run(async ({ manager }) => {
      if (!(await manager.existsBy(ReviewEntity, { id: input.reviewId }))) throw new ReviewNotFoundError();
      const leads = await manager.find(UserEntity, { where: { id: In(participants), role: Role.Quality, active: true }, select: { id: true } });
      const missing = participants.filter((userId) => !leads.some((lead) => lead.id === userId));
      if (missing.length) throw new CalibrationParticipantsError(`Not active quality leads: ${missing.join(', ')}`);
      const version = await currentVersion(manager, input.formKey);
      const calibration = await manager.save(
        CalibrationEntity,
        manager.create(CalibrationEntity, {
          reviewId: input.reviewId,
          formVersionId: version.id,
          startedByUserId: actor.userId,
          participantUserIds: participants,
          status: CalibrationStatus.Open,
          closedAt: null,
        }),
      );
      await this.audit.record(
        {
          actor,
          action: AuditAction.CalibrationStart,
          entityType: 'calibration',
          entityId: calibration.id,
          data: { reviewId: input.reviewId, formVersionId: version.id, participants: participants.length },
        },
        manager,
      );
      return calibration.id;
    });
    return this.view(id, actor, false);
  }

  /** The calibrations the reader takes part in, open first. */
  list(reader: AuthenticatedUser, reviewId: string | undefined): Promise<CalibrationSummary[]> {
    return this.evaluations.findCalibrationsOf(reader.userId, reviewId);
  }

  /** Blind while open: participants only, their own evaluation only, no spread. Once closed, any quality lead sees everything. */
  async get(id: string, reader: AuthenticatedUser): Promise<CalibrationView> {
    return this.view(id, reader, true);
  }

  /** A participant's blind score. The last participant to score closes the calibration in the same transaction. */
  async score(id: string, input: CalibrationScoreDto, actor: AuthenticatedUser): Promise<CalibrationView> {
    await this.transactions.run(async ({ manager }) => {
      // Locked: two last scores at once cannot both miss that everyone has scored.
      const calibration = await manager.findOne(CalibrationEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!calibration) throw new CalibrationNotFoundError();
      if (!calibration.participantUserIds.includes(actor.userId)) throw new NotCalibrationParticipantError();
      if (calibration.status !== CalibrationStatus.Open) throw new CalibrationClosedError();
      const scored = await manager.find(EvaluationEntity, { where: { calibrationId: id }, select: { evaluatorUserId: true } });
      if (scored.some((evaluation) => evaluation.evaluatorUserId === actor.userId)) throw new CalibrationScoredError();
      const version = await manager.findOneByOrFail(EvaluationFormVersionEntity, { id: calibration.formVersionId });
      const score = scoreEvaluation(version.criteria, input.scores);
      const now = this.clock.now();
      const evaluation = await manager.save(
        EvaluationEntity,
        manager.create(EvaluationEntity, {
          reviewId: calibration.reviewId,
          formVersionId: version.id,
          evaluatorUserId: actor.userId,
          scores: input.scores,
          score,
          comment: optionalText(input.comment),
          calibrationId: id,
          submittedAt: now,
        }),
      );
      await this.audit.record(
        {
          actor,
          action: AuditAction.EvaluationCreate,
          entityType: 'evaluation',
          entityId: evaluation.id,
          data: { reviewId: calibration.reviewId, formVersionId: version.id, score, calibrationId: id },
        },
        manager,
      );
      const everyone = new Set([...scored.map((e) => e.evaluatorUserId), actor.userId]);
      if (calibration.participantUserIds.every((userId) => everyone.has(userId))) {
        await manager.update(CalibrationEntity, { id }, { status: CalibrationStatus.Closed, closedAt: now });
        await this.audit.record({ actor, action: AuditAction.CalibrationClose, entityType: 'calibration', entityId: id, data: { reason: 'all_scored' } }, manager);
      }
    });
    return this.view(id, actor, false);
  }

  /** Its starter closes a calibration before everyone has scored: the scores given are revealed. */
  async close(id: string, actor: AuthenticatedUser): Promise<CalibrationView> {
    await this.transactions.run(async ({ manager }) => {
      const calibration = await manager.findOne(CalibrationEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!calibration) throw new CalibrationNotFoundError();
      if (calibration.startedByUserId !== actor.userId) throw new NotCalibrationStarterError();
      if (calibration.status !== CalibrationStatus.Open) throw new CalibrationClosedError();
      await manager.update(CalibrationEntity, { id }, { status: CalibrationStatus.Closed, closedAt: this.clock.now() });
      await this.audit.record({ actor, action: AuditAction.CalibrationClose, entityType: 'calibration', entityId: id, data: { reason: 'starter' } }, manager);
    });
    return this.view(id, actor, false);
  }

  /** The calibration as `reader` may see it; audited when it shows other leads' scores (or, with `audited`, always). */
  private async view(id: string, reader: AuthenticatedUser, audited: boolean): Promise<CalibrationView> {
    const row = await this.evaluations.findCalibration(id);
    if (!row) throw new CalibrationNotFoundError();
    const open = row.status === CalibrationStatus.Open;
    const participant = row.participants.some((p) => p.userId === reader.userId);
    if (open && !participant) throw new NotCalibrationParticipantError();
    const form = (await this.evaluations.findVersion(row.formVersionId))!;
    // Blind while open: the reader's own evaluation alone.
    const evaluations: EvaluationView[] = await this.evaluations.findForCalibration(id, open ? reader.userId : undefined);
    const others = evaluations.filter((evaluation) => evaluation.evaluator.userId !== reader.userId).length;
    if (audited || others > 0) {
      await this.audit.record({ actor: reader, action: AuditAction.CalibrationRead, entityType: 'calibration', entityId: id, data: { status: row.status, evaluations: evaluations.length, others } });
    }
    return {
      ...toCalibrationBase(row),
      form,
      evaluations,
      spread: open
        ? null
        : calibrationSpread(
            form.criteria,
            evaluations.map((e) => ({ userId: e.evaluator.userId, scores: e.scores, score: e.score })),
          ),
    };
  }
}
