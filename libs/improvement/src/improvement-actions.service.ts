import { AuditAction, AuditService } from '@fc/audit';
import type { AuthenticatedUser } from '@fc/auth';
import { AppConfig, Clock } from '@fc/config';
import {
  ImprovementActionOrigin,
  ImprovementActionStatus,
  type ImprovementActionDetail,
  type ImprovementActionFieldChange,
  type ImprovementActionHistoryEntry,
  type ImprovementActionHistoryKind,
  type ImprovementActionList,
  type ImprovementActionPerson,
  type ImprovementActionView,
  type JsonObject,
  type JsonValue,
} from '@fc/contracts';
import {
  ImprovementActionChangeError,
  checkDateRange,
  checkNewImprovementAction,
  improvementActionTiming,
  isImprovementActionOpen,
  iso,
  planImprovementActionChange,
  type ImprovementActionPatch,
} from '@fc/domain';
import { ImprovementActionEntity, ReviewEntity, TransactionRunner, UserEntity } from '@fc/persistence';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CreateImprovementActionDto } from './dto/create-improvement-action.dto.js';
import type { ImprovementActionQueryDto } from './dto/improvement-action-query.dto.js';
import type { UpdateImprovementActionDto } from './dto/update-improvement-action.dto.js';
import { ImprovementActionNotFoundError } from './improvement-errors.js';
import { ImprovementActionsRepository, type ImprovementActionRow } from './improvement-actions.repository.js';

/** The longest insight period an action may name, as the insights themselves allow. */
const INSIGHT_RANGE_YEARS = 2;

const HISTORY_KINDS: Record<string, ImprovementActionHistoryKind> = {
  [AuditAction.ImprovementActionCreate]: 'created',
  [AuditAction.ImprovementActionUpdate]: 'updated',
  [AuditAction.ImprovementActionReminded]: 'reminded',
  [AuditAction.ImprovementActionEscalated]: 'escalated',
};

/** A field of an action as the audit entry records it: times as ISO text, lists as they are. */
type Recorded = JsonValue;

/**
 * Improvement actions (decision 0038): what quality leads and supervisors change because of what
 * the centre learned, with an owner and a due time; done with what was done and when it took effect.
 * Every create and change is one audit entry with the fields it changed, old → new: that is the
 * action's history, not a second record beside it.
 */
@Injectable()
export class ImprovementActionsService {
  constructor(
    private readonly actions: ImprovementActionsRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async list(query: ImprovementActionQueryDto): Promise<ImprovementActionList> {
    const now = this.clock.now();
    const { rows, total, overdue } = await this.actions.findPage(query, now);
    return { items: rows.map((row) => this.view(row, now)), total, overdue };
  }

  async get(id: string): Promise<ImprovementActionDetail> {
    const row = await this.actions.findById(id);
    if (!row) throw new ImprovementActionNotFoundError();
    return this.detail(row);
  }

  /**
   * Opens an action from an insight row, a review or a shared learning.
   * @throws ImprovementActionChangeError (and subclasses), DateRangeError
   */
  async create(input: CreateImprovementActionDto, actor: AuthenticatedUser): Promise<ImprovementActionDetail> {
    checkNewImprovementAction(input);
    if (input.originInsight) checkDateRange(new Date(input.originInsight.from), new Date(input.originInsight.to), { years: INSIGHT_RANGE_YEARS });
    const topicKeys = input.topicKeys ?? [];
    const rootCauseKeys = input.rootCauseKeys ?? [];
    const id = await this.transactions.run(async ({ manager }) => {
      const topicIds = await this.topicIdsOf(topicKeys, manager);
      await this.checkRootCauses(rootCauseKeys, manager);
      if (input.ownerUserId) await this.checkOwner(input.ownerUserId, manager);
      if (input.originReviewId && !(await manager.existsBy(ReviewEntity, { id: input.originReviewId }))) throw new ImprovementActionChangeError('originReviewId is not a review');
      // A learning is a review's learning that a quality lead shared.
      if (input.origin === ImprovementActionOrigin.Learning && !(await manager.existsBy(ReviewEntity, { id: input.originReviewId, learningShared: true }))) {
        throw new ImprovementActionChangeError('originReviewId has no shared learning');
      }
      const summaryNb = input.publicSummaryNb?.trim() || null;
      const summaryEn = input.publicSummaryEn?.trim() || null;
      const action = manager.create(ImprovementActionEntity, {
        title: input.title.trim(),
        description: input.description.trim(),
        kind: input.kind,
        status: ImprovementActionStatus.Planned,
        ownerUserId: input.ownerUserId ?? null,
        dueAt: new Date(input.dueAt),
        originKind: input.origin,
        originReviewId: input.originReviewId ?? null,
        originInsight: input.originInsight ? { ...input.originInsight } : null,
        public: input.public ?? false,
        publicSummaryNb: summaryNb,
        publicSummaryEn: summaryEn,
        createdByUserId: actor.userId,
      });
      const [{ id }] = (await manager.insert(ImprovementActionEntity, action)).identifiers as [{ id: string }];
      await this.actions.replaceTopics(id, topicIds, manager);
      await this.actions.replaceRootCauses(id, rootCauseKeys, manager);
      const created: Record<string, Recorded> = {
        title: action.title,
        description: action.description,
        kind: action.kind,
        status: action.status,
        ownerUserId: action.ownerUserId,
        dueAt: action.dueAt.toISOString(),
        origin: action.originKind,
        originReviewId: action.originReviewId,
        originInsight: action.originInsight as JsonObject | null,
        topicKeys: [...topicKeys].sort(),
        rootCauseKeys: [...rootCauseKeys].sort(),
        public: action.public,
        publicSummaryNb: summaryNb,
        publicSummaryEn: summaryEn,
      };
      const changes = Object.fromEntries(
        Object.entries(created)
          .filter(([, value]) => value !== null && !(Array.isArray(value) && value.length === 0))
          .map(([field, to]) => [field, { from: null, to }]),
      );
      await this.audit.record({ actor, action: AuditAction.ImprovementActionCreate, entityType: 'improvement_action', entityId: id, data: { changes } }, manager);
      return id;
    });
    return this.get(id);
  }

  /**
   * Changes an action's fields and moves its status (planned → in progress → done, or cancelled).
   * @throws ImprovementActionNotFoundError, NothingToChangeError, IllegalImprovementActionStatusChangeError, ImprovementActionFinishedError, ImprovementActionChangeError (and subclasses)
   */
  async update(id: string, change: UpdateImprovementActionDto, actor: AuthenticatedUser): Promise<ImprovementActionDetail> {
    await this.transactions.run(async ({ manager }) => {
      const locked = await manager.findOne(ImprovementActionEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!locked) throw new ImprovementActionNotFoundError();
      const before = (await this.actions.findById(id, manager))!;
      const patch = planImprovementActionChange(
        before,
        {
          ...change,
          dueAt: change.dueAt !== undefined ? new Date(change.dueAt) : undefined,
          effectiveAt: change.effectiveAt !== undefined ? new Date(change.effectiveAt) : undefined,
        },
        this.clock.now(),
      );
      if (patch.ownerUserId) await this.checkOwner(patch.ownerUserId, manager);
      const topicIds = patch.topicKeys ? await this.topicIdsOf(patch.topicKeys, manager) : null;
      if (patch.rootCauseKeys) await this.checkRootCauses(patch.rootCauseKeys, manager);

      const changes = changedFields(before, patch);
      if (Object.keys(changes).length === 0) return;
      // The topics and root causes live in their join tables; every other changed field is a column.
      const changedColumns = Object.fromEntries(Object.entries(patch).filter(([field]) => field in changes && field !== 'topicKeys' && field !== 'rootCauseKeys')) as Partial<ImprovementActionEntity>;
      if (Object.keys(changedColumns).length) await manager.update(ImprovementActionEntity, { id }, changedColumns);
      else await manager.query(`UPDATE improvement_actions SET updated_at = now() WHERE id = $1`, [id]);
      if (topicIds && 'topicKeys' in changes) await this.actions.replaceTopics(id, topicIds, manager);
      if (patch.rootCauseKeys && 'rootCauseKeys' in changes) await this.actions.replaceRootCauses(id, patch.rootCauseKeys, manager);
      await this.audit.record({ actor, action: AuditAction.ImprovementActionUpdate, entityType: 'improvement_action', entityId: id, data: { changes } }, manager);
    });
    return this.get(id);
  }

  private async topicIdsOf(keys: readonly string[], manager: EntityManager): Promise<string[]> {
    const ids = await this.actions.findTopicIds(keys, manager);
    const unknown = keys.find((key) => !ids.has(key));
    if (unknown !== undefined) throw new ImprovementActionChangeError(`topicKeys: "${unknown}" is not a topic`);
    return keys.map((key) => ids.get(key)!);
  }

  private async checkRootCauses(keys: readonly string[], manager: EntityManager): Promise<void> {
    const known = await this.actions.findRootCauseKeys(keys, manager);
    const unknown = keys.find((key) => !known.has(key));
    if (unknown !== undefined) throw new ImprovementActionChangeError(`rootCauseKeys: "${unknown}" is not a root cause`);
  }

  private async checkOwner(userId: string, manager: EntityManager): Promise<void> {
    if (!(await manager.existsBy(UserEntity, { id: userId, active: true }))) throw new ImprovementActionChangeError('ownerUserId is not an active user');
  }

  private async detail(row: ImprovementActionRow): Promise<ImprovementActionDetail> {
    const entries = await this.actions.findHistory(row.id);
    const history: ImprovementActionHistoryEntry[] = entries.map((entry) => ({
      at: entry.at.toISOString(),
      kind: HISTORY_KINDS[entry.action] ?? 'updated',
      actor: entry.actorUserId ? { userId: entry.actorUserId, role: entry.actorRole ?? '', person: person(entry.actorUserId, entry.actorUsername, entry.actorDisplayName) } : null,
      changes: entry.data.changes ?? {},
    }));
    return { ...this.view(row, this.clock.now()), history };
  }

  private view(row: ImprovementActionRow, now: Date): ImprovementActionView {
    return {
      id: row.id,
      title: row.title,
      description: row.description,
      kind: row.kind,
      status: row.status,
      owner: person(row.ownerUserId, row.ownerUsername, row.ownerDisplayName),
      dueAt: row.dueAt.toISOString(),
      timing: isImprovementActionOpen(row.status) ? improvementActionTiming(row.dueAt, now, this.config.improvementActionReminderBeforeHours) : null,
      effectiveAt: iso(row.effectiveAt),
      result: row.result,
      cancelReason: row.cancelReason,
      origin: row.originKind,
      originReviewId: row.originReviewId,
      originInsight: row.originInsight,
      topicKeys: row.topicKeys,
      rootCauseKeys: row.rootCauseKeys,
      public: row.public,
      publicSummaryNb: row.publicSummaryNb,
      publicSummaryEn: row.publicSummaryEn,
      remindedAt: iso(row.remindedAt),
      escalatedAt: iso(row.escalatedAt),
      createdBy: person(row.createdByUserId, row.createdByUsername, row.createdByDisplayName),
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}

function person(id: string | null, username: string | null, displayName: string | null): ImprovementActionPerson | null {
  return id && username ? { id, username, displayName: displayName ?? username } : null;
}

/** The fields `patch` changes, old → new, as the audit entry records them; a value given again unchanged is no change. */
function changedFields(before: ImprovementActionRow, patch: ImprovementActionPatch): Record<string, ImprovementActionFieldChange> {
  const changes: Record<string, ImprovementActionFieldChange> = {};
  for (const [field, value] of Object.entries(patch) as [keyof ImprovementActionPatch, unknown][]) {
    if (value === undefined) continue;
    const from = recorded(before[field as keyof ImprovementActionRow]);
    const to = recorded(value);
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from, to };
  }
  return changes;
}

function recorded(value: unknown): Recorded {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return [...(value as string[])].sort();
  if (value === undefined) return null;
  return value as Recorded;
}
