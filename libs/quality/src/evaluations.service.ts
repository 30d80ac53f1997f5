import { AuditAction, AuditService } from '@fc/audit';
import type { AuthenticatedAgent, AuthenticatedUser } from '@fc/auth';
import { Clock } from '@fc/config';
import type { AgentEvaluationView, EvaluationView } from '@fc/contracts';
import { scoreEvaluation } from '@fc/domain';
import type { PageQueryDto } from '@fc/http';
import { EvaluationEntity, EvaluationFormEntity, EvaluationFormVersionEntity, ReviewEntity, TransactionRunner } from '@fc/persistence';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AcknowledgeEvaluationDto } from './dto/acknowledge-evaluation.dto.js';
import type { CreateEvaluationDto } from './dto/create-evaluation.dto.js';
import { EvaluationAcknowledgedError, EvaluationFormNotFoundError, EvaluationFormRetiredError, EvaluationNotFoundError } from './evaluation-errors.js';
import { EvaluationsRepository } from './evaluations.repository.js';
import { ReviewNotFoundError } from './quality-errors.js';

/** Blank text is no text. */
export const optionalText = (value: string | undefined): string | null => (value?.trim() ? value.trim() : null);

/**
 * Scored evaluations of reviewed calls (decision 0040): quality leads score a review with a form's
 * current version; the agent of the call reads the evaluations outside calibrations and acknowledges
 * each once.
 */
@Injectable()
export class EvaluationsService {
  constructor(
    private readonly evaluations: EvaluationsRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Scores the review with the form's current version; the weighted score is `scoreEvaluation`'s. */
  async create(reviewId: string, input: CreateEvaluationDto, actor: AuthenticatedUser): Promise<EvaluationView> {
    const id = await this.transactions.run(async ({ manager }) => {
      if (!(await manager.existsBy(ReviewEntity, { id: reviewId }))) throw new ReviewNotFoundError();
      const version = await currentVersion(manager, input.formKey);
      const score = scoreEvaluation(version.criteria, input.scores);
      const evaluation = await manager.save(
        EvaluationEntity,
        manager.create(EvaluationEntity, {
          reviewId,
          formVersionId: version.id,
          evaluatorUserId: actor.userId,
          scores: input.scores,
          score,
          comment: optionalText(input.comment),
          calibrationId: null,
          submittedAt: this.clock.now(),
        }),
      );
      await this.audit.record(
        { actor, action: AuditAction.EvaluationCreate, entityType: 'evaluation', entityId: evaluation.id, data: { reviewId, formVersionId: version.id, score, calibrationId: null } },
        manager,
      );
      return evaluation.id;
    });
    return (await this.evaluations.findEvaluation(id))!;
  }

  /** A review's evaluations outside calibrations, each with the version it was scored with; the read is audited (other leads' scores and comments). */
  async listForReview(reviewId: string, reader: AuthenticatedUser): Promise<EvaluationView[]> {
    if (!(await this.dataSource.manager.existsBy(ReviewEntity, { id: reviewId }))) throw new ReviewNotFoundError();
    const evaluations = await this.evaluations.findForReview(reviewId);
    await this.audit.record({ actor: reader, action: AuditAction.EvaluationList, entityType: 'review', entityId: reviewId, data: { count: evaluations.length } });
    return evaluations;
  }

  /** The evaluations of the agent's own reviewed calls; never a calibration's. */
  async forAgent(agent: AuthenticatedAgent, page: PageQueryDto): Promise<AgentEvaluationView[]> {
    const evaluations = await this.evaluations.findForAgent(agent.agentId, page);
    await this.audit.record({ actor: agent, action: AuditAction.EvaluationAgentRead, entityType: 'agent', entityId: agent.agentId, data: { count: evaluations.length } });
    return evaluations;
  }

  /** The agent of the reviewed call acknowledges an evaluation, once; anyone else learns nothing of it (404). */
  async acknowledge(id: string, input: AcknowledgeEvaluationDto, agent: AuthenticatedAgent): Promise<AgentEvaluationView> {
    await this.transactions.run(async ({ manager }) => {
      const evaluation = await manager.findOne(EvaluationEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      const review = evaluation && (await manager.findOneBy(ReviewEntity, { id: evaluation.reviewId }));
      // A calibration's scores are the quality leads' exercise, never the agent's.
      if (!evaluation || !review || evaluation.calibrationId !== null || review.agentId !== agent.agentId) throw new EvaluationNotFoundError();
      if (evaluation.acknowledgedAt) throw new EvaluationAcknowledgedError();
      const comment = optionalText(input.comment);
      await manager.update(EvaluationEntity, { id }, { acknowledgedAt: this.clock.now(), acknowledgementComment: comment });
      await this.audit.record({ actor: agent, action: AuditAction.EvaluationAcknowledge, entityType: 'evaluation', entityId: id, data: { withComment: comment !== null } }, manager);
    });
    return (await this.evaluations.findForAgent(agent.agentId, { limit: 1, offset: 0 }, id))[0]!;
  }
}

/** The current (newest) version of an active form, locked for share so an edit writing the next one waits for this evaluation. */
export async function currentVersion(manager: EntityManager, formKey: string): Promise<EvaluationFormVersionEntity> {
  const form = await manager.findOne(EvaluationFormEntity, { where: { key: formKey }, lock: { mode: 'pessimistic_read' } });
  if (!form) throw new EvaluationFormNotFoundError();
  if (!form.active) throw new EvaluationFormRetiredError(formKey);
  return manager.findOneOrFail(EvaluationFormVersionEntity, { where: { formId: form.id }, order: { version: 'DESC' } });
}
