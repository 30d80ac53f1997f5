import { AuditAction, AuditService } from '@fc/audit';
import type { AuthenticatedUser } from '@fc/auth';
import type { EvaluationFormVersionView, EvaluationFormView } from '@fc/contracts';
import { checkEvaluationCriteria, criteriaChanged, NothingToChangeError } from '@fc/domain';
import { EvaluationFormEntity, EvaluationFormVersionEntity, TransactionRunner } from '@fc/persistence';
import { Injectable } from '@nestjs/common';
import type { CreateEvaluationFormDto } from './dto/create-evaluation-form.dto.js';
import type { UpdateEvaluationFormDto } from './dto/update-evaluation-form.dto.js';
import { EvaluationFormExistsError, EvaluationFormNotFoundError } from './evaluation-errors.js';
import { EvaluationsRepository } from './evaluations.repository.js';

/**
 * Evaluation forms (decision 0040). Administrators create and edit them; new criteria are written
 * as the next version and the versions already written never change, so an evaluation keeps the
 * version it was scored with. Quality leads read the active forms to score with.
 */
@Injectable()
export class EvaluationFormsService {
  constructor(
    private readonly evaluations: EvaluationsRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  /** Forms with their current version; retired ones only for administrators. */
  list(activeOnly: boolean): Promise<EvaluationFormView[]> {
    return this.evaluations.findCurrentForms(activeOnly);
  }

  async versions(formId: string): Promise<EvaluationFormVersionView[]> {
    const versions = await this.evaluations.findVersions(formId);
    if (versions.length === 0) throw new EvaluationFormNotFoundError();
    return versions;
  }

  async create(input: CreateEvaluationFormDto, actor: AuthenticatedUser): Promise<EvaluationFormView> {
    const criteria = checkEvaluationCriteria(input.criteria);
    const formId = await this.transactions.run(async ({ manager }) => {
      if (await manager.existsBy(EvaluationFormEntity, { key: input.key })) throw new EvaluationFormExistsError(input.key);
      const form = await manager.save(EvaluationFormEntity, manager.create(EvaluationFormEntity, { key: input.key, nameNb: input.nameNb.trim(), nameEn: input.nameEn.trim(), active: true }));
      const version = await manager.save(EvaluationFormVersionEntity, manager.create(EvaluationFormVersionEntity, { formId: form.id, version: 1, criteria, createdByUserId: actor.userId }));
      await this.audit.record(
        { actor, action: AuditAction.EvaluationFormCreate, entityType: 'evaluation_form', entityId: form.id, data: { key: form.key, versionId: version.id, criteria: criteria.length } },
        manager,
      );
      return form.id;
    });
    return (await this.evaluations.findCurrentForm({ id: formId }))!;
  }

  /**
   * Changes names and whether the form is active in place; criteria that differ from the current
   * version's are written as the next version. Criteria the same as the current ones write no version.
   */
  async update(formId: string, input: UpdateEvaluationFormDto, actor: AuthenticatedUser): Promise<EvaluationFormView> {
    const changes: Partial<EvaluationFormEntity> = {};
    if (input.nameNb !== undefined) changes.nameNb = input.nameNb.trim();
    if (input.nameEn !== undefined) changes.nameEn = input.nameEn.trim();
    if (input.active !== undefined) changes.active = input.active;
    const criteria = input.criteria === undefined ? undefined : checkEvaluationCriteria(input.criteria);
    if (Object.keys(changes).length === 0 && criteria === undefined) throw new NothingToChangeError('nameNb, nameEn, active or criteria');
    await this.transactions.run(async ({ manager }) => {
      // Locked: two edits at once write versions n+1 and n+2, not two n+1 (the unique key refuses that anyway).
      const form = await manager.findOne(EvaluationFormEntity, { where: { id: formId }, lock: { mode: 'pessimistic_write' } });
      if (!form) throw new EvaluationFormNotFoundError();
      let newVersion: EvaluationFormVersionEntity | null = null;
      if (criteria) {
        const current = await manager.findOneOrFail(EvaluationFormVersionEntity, { where: { formId }, order: { version: 'DESC' } });
        if (criteriaChanged(current.criteria, criteria)) {
          newVersion = await manager.save(EvaluationFormVersionEntity, manager.create(EvaluationFormVersionEntity, { formId, version: current.version + 1, criteria, createdByUserId: actor.userId }));
        }
      }
      // The same criteria and nothing else: a save that changes nothing is refused, as every empty change is.
      if (!newVersion && Object.keys(changes).length === 0) throw new NothingToChangeError('criteria that differ from the current version’s, nameNb, nameEn or active');
      if (Object.keys(changes).length > 0) await manager.update(EvaluationFormEntity, { id: formId }, changes);
      await this.audit.record(
        {
          actor,
          action: AuditAction.EvaluationFormUpdate,
          entityType: 'evaluation_form',
          entityId: formId,
          data: { changed: Object.keys(changes), active: changes.active ?? null, version: newVersion?.version ?? null, versionId: newVersion?.id ?? null },
        },
        manager,
      );
    });
    return (await this.evaluations.findCurrentForm({ id: formId }))!;
  }
}
