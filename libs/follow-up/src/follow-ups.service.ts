import { AuditAction, AuditService } from '@fc/audit';
import type { AuthenticatedUser } from '@fc/auth';
import { AppConfig, Clock } from '@fc/config';
import { FollowUpKind, FollowUpStatus, Role, type FollowUpAssigneeView, type FollowUpList, type FollowUpView } from '@fc/contracts';
import { FollowUpChangeError, checkFollowUpChange, followUpTiming, isFollowUpOpen, iso, leaderInvitationStatus, planFollowUpChange } from '@fc/domain';
import { CallbackActions, JourneyWriter } from '@fc/journey';
import { FollowUpEntity, UserEntity } from '@fc/persistence';
import { Injectable } from '@nestjs/common';
import type { FollowUpQueryDto } from './dto/follow-up-query.dto.js';
import type { UpdateFollowUpDto } from './dto/update-follow-up.dto.js';
import { FollowUpNotFoundError } from './follow-up-errors.js';
import { FollowUpsRepository, type FollowUpRow } from './follow-ups.repository.js';

/** The follow-up list and its changes: supervisors and quality leads see all, an agent their own. */
@Injectable()
export class FollowUpsService {
  constructor(
    private readonly followUps: FollowUpsRepository,
    private readonly journey: JourneyWriter,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly callbacks: CallbackActions,
  ) {}

  async list(query: FollowUpQueryDto, reader: AuthenticatedUser): Promise<FollowUpList> {
    const now = this.clock.now();
    const { rows, total, overdue } = await this.followUps.findPage(query, reader, now);
    await this.audit.record({ actor: reader, action: AuditAction.FollowUpList, entityType: 'follow_up', entityId: null, data: { count: rows.length } });
    return { items: rows.map((row) => this.view(row, now)), total, overdue };
  }

  /**
   * The people a follow-up can be assigned to: staff names, which the floor and the administrators'
   * user list show unaudited too (the reads the audit log keeps are of callers' data).
   */
  assignees(): Promise<FollowUpAssigneeView[]> {
    return this.followUps.findAssignees();
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
    await this.journey.run(async (tx) => {
      const { manager } = tx;
      // Finishing a callback by hand takes back its call if not yet made; calls are locked before follow-ups.
      const read = await manager.findOneByOrFail(FollowUpEntity, { id });
      const finishing = change.status === FollowUpStatus.Done || change.status === FollowUpStatus.Cancelled;
      if (finishing && read.kind === FollowUpKind.Callback && read.callbackCallId && isFollowUpOpen(read.status)) await this.callbacks.withdrawWithin(tx, read.callbackCallId);
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

  /** A callback follow-up goes out as a call: its owner's, or any a supervisor picks (decision 0033). */
  async sendCallback(id: string, actor: AuthenticatedUser): Promise<FollowUpView> {
    await this.findVisible(id, actor);
    await this.callbacks.requeue(id, actor);
    return this.view(await this.findVisible(id, actor), this.clock.now());
  }

  private async findVisible(id: string, reader: AuthenticatedUser): Promise<FollowUpRow> {
    const row = await this.followUps.findById(id);
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
      callback: row.callbackCallId ? { callId: row.callbackCallId, state: row.callbackState!, dialAttempts: row.callbackDialAttempts!, dueAt: iso(row.callbackDueAt) } : null,
      invitation: row.invitationExpiresAt
        ? {
            status: leaderInvitationStatus({ answer: row.invitationAnswer, expiresAt: row.invitationExpiresAt }, now),
            suggestedTime: iso(row.invitationSuggestedTime),
            message: row.invitationMessage,
            sentAt: row.invitationSentAt!.toISOString(),
            expiresAt: row.invitationExpiresAt.toISOString(),
            answeredAt: iso(row.invitationAnsweredAt),
          }
        : null,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}
