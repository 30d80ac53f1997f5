import { AuditAction, AuditService } from '@fc/audit';
import type { AuthenticatedUser } from '@fc/auth';
import { CallsRepository, toCallView } from '@fc/calls';
import { Clock } from '@fc/config';
import { FollowUpStatus, JourneyEventType, type ReviewAgent, type ReviewList, type ReviewSummary, type ReviewView } from '@fc/contracts';
import { checkDateRange, iso, journeyTimeline, planReviewChange } from '@fc/domain';
import { ReviewEntity, RootCauseEntity, TransactionRunner, type CallEntity, type CallEventEntity } from '@fc/persistence';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { ReviewQueryDto } from './dto/review-query.dto.js';
import type { UpdateReviewDto } from './dto/update-review.dto.js';
import { ReviewNotFoundError } from './quality-errors.js';
import { ReviewsRepository, type ReviewRow } from './reviews.repository.js';
import { isUUID } from 'class-validator';

/** Quality leads' reviews: the list they work from, one review with the call's whole journey, and their changes to it. */
@Injectable()
export class ReviewsService {
  constructor(
    private readonly reviews: ReviewsRepository,
    private readonly calls: CallsRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(query: ReviewQueryDto, reader: AuthenticatedUser): Promise<ReviewList> {
    if (query.from && query.to) checkDateRange(new Date(query.from), new Date(query.to));
    const { rows, total } = await this.reviews.findPage(query, reader);
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
        ? await this.reviews.moveQualityReviewFollowUp(manager, review.callId, { status: FollowUpStatus.Done, owner: actor.userId, result: 'review done', doneAt: now })
        : plan.assigned
          ? await this.reviews.moveQualityReviewFollowUp(manager, review.callId, { status: FollowUpStatus.InProgress, owner: plan.patch.reviewerUserId! })
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

  /** The whole review, read afresh; no audit entry (the caller writes the one that fits). */
  private async view(id: string): Promise<ReviewView> {
    const row = await this.reviews.findById(id);
    if (!row) throw new ReviewNotFoundError();
    const call = await this.calls.findById(row.callId);
    // Gone since the row was read: deleting a call deletes its review.
    if (!call) throw new ReviewNotFoundError();
    const events = await this.calls.findEvents(row.callId);
    const [callTopicKey, firstTopicKey, feedback, followUps, agents] = await Promise.all([
      this.calls.topicKeyOf(call.topicId),
      this.firstTopicKey(call, events),
      this.reviews.findCitizenFeedback(row.callId),
      this.reviews.findCallFollowUps(row.callId),
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

  /** The topic the call first queued for: where its first transfer to a topic came from, or its topic now. */
  private async firstTopicKey(call: CallEntity, events: readonly CallEventEntity[]): Promise<string> {
    const firstTransfer = events.find((e) => e.type === JourneyEventType.Transferred && e.data.to === 'topic');
    const fromTopicId: unknown = firstTransfer?.data.fromTopicId;
    return this.calls.topicKeyOf(typeof fromTopicId === 'string' && isUUID(fromTopicId) ? fromTopicId : call.topicId);
  }

  /** Every agent the journey names, by name: the ones who were offered, talked, transferred or were transferred to. */
  private async agentsOf(events: readonly CallEventEntity[], more: readonly (string | null)[]): Promise<ReviewAgent[]> {
    const ids = new Set<string>();
    // Ids in a journey event's data are free JSON: only a UUID goes into a query.
    const add = (value: unknown) => {
      if (typeof value === 'string' && isUUID(value)) ids.add(value);
    };
    for (const event of events) {
      add(event.agentId);
      add(event.data.fromAgentId);
      add(event.data.toAgentId);
      add(event.data.whileOfferedTo);
    }
    more.forEach(add);
    return this.reviews.findAgents([...ids]);
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
