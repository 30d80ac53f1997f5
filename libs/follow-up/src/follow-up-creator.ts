import { AppConfig } from '@fc/config';
import { FollowUpKind, JobName, JourneyEventType, Outcome, type JobPayloads } from '@fc/contracts';
import { followUpDueAt, followUpOwnedByHandlingAgent } from '@fc/domain';
import { addJobInTransaction, markJobDone } from '@fc/jobs';
import { CallbackActions, JourneyWriter } from '@fc/journey';
import { AgentEntity, CallerNumberEntity, TopicEntity } from '@fc/persistence';
import { RealtimeEmitter } from '@fc/realtime/emitter';
import { Injectable } from '@nestjs/common';

export type CreateFollowUpPayload = JobPayloads[typeof JobName.CreateFollowUp];

/**
 * Turns a recorded cause into tracked work: the follow-up, its journey event and, for a quality
 * review, the review, in one transaction that also marks the outbox job done. Running it again
 * (a retry, a worker that died after commit, the same cause reported twice) finds the follow-up in
 * place and changes nothing; the unique (call, kind) constraint makes that hold under concurrency too.
 */
@Injectable()
export class FollowUpCreator {
  constructor(
    private readonly journey: JourneyWriter,
    private readonly callbacks: CallbackActions,
    private readonly config: AppConfig,
    private readonly realtime: RealtimeEmitter,
  ) {}

  /**
   * @returns the new follow-up's id, or null when it already existed (or its call is gone). An agent
   * who owns the new follow-up hears of it on their console once it has committed.
   */
  async create(payload: CreateFollowUpPayload, jobId: string): Promise<string | null> {
    const created = await this.journey.run(async (tx) => {
      const call = await tx.lockCall(payload.callId);
      if (!call) {
        await markJobDone(tx.manager, jobId);
        return null;
      }
      // The agent recorded the outcome before this job ran: the to-do has nothing left to ask.
      if (payload.kind === FollowUpKind.RecordOutcome && call.outcome !== Outcome.NotRecorded) {
        await markJobDone(tx.manager, jobId);
        return null;
      }
      const topic = await tx.manager.findOneByOrFail(TopicEntity, { id: call.topicId });
      const dueAt = followUpDueAt(payload.kind, new Date(payload.at), {
        callbackTargetMin: topic.callbackTargetMin,
        caseHandoverDueHours: this.config.caseHandoverDueHours,
        qualityReviewDueDays: this.config.qualityReviewDueDays,
        leaderConversationDueDays: this.config.leaderConversationDueDays,
        recordOutcomeDueMin: this.config.recordOutcomeDueMin,
      });
      const owner = followUpOwnedByHandlingAgent(payload.kind, payload.cause) && call.agentId ? await tx.manager.findOneBy(AgentEntity, { id: call.agentId }) : null;
      const inserted: { id: string }[] = await tx.manager.query(
        `INSERT INTO follow_ups (call_id, kind, cause, due_at, owner_user_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (call_id, kind) DO NOTHING RETURNING id`,
        [call.id, payload.kind, payload.cause, dueAt, owner?.userId ?? null],
      );
      if (payload.kind === FollowUpKind.QualityReview) {
        // One review per call gathers every reason to look at it.
        await tx.manager.query(
          `INSERT INTO reviews (call_id, causes, agent_id, topic_id) VALUES ($1, ARRAY[$2]::text[], $3, $4)
           ON CONFLICT (call_id) DO UPDATE SET causes = array_append(reviews.causes, $2), updated_at = now()
            WHERE NOT ($2 = ANY (reviews.causes))`,
          [call.id, payload.cause, call.agentId, call.topicId],
        );
      }
      const followUpId = inserted[0]?.id ?? null;
      if (followUpId) {
        await tx.appendEvent(call, JourneyEventType.FollowUpCreated, {
          data: { followUpId, kind: payload.kind, cause: payload.cause, dueAt: dueAt.toISOString(), ownerUserId: owner?.userId ?? null },
        });
        // A callback nobody promised (a long abandon) is a call now; one its agent promised waits for them to send it (decision 0033).
        if (payload.kind === FollowUpKind.Callback && !owner) await this.callbacks.createForFollowUpWithin(tx, followUpId, call);
        // A complainant with a known number is texted an invitation to the conversation (decision 0041).
        if (payload.kind === FollowUpKind.LeaderConversation && (await tx.manager.existsBy(CallerNumberEntity, { callId: call.id }))) {
          await addJobInTransaction(tx.manager, JobName.SendLeaderInvitation, { followUpId, at: payload.at });
        }
      }
      await markJobDone(tx.manager, jobId);
      return followUpId ? { followUpId, ownerAgentId: owner?.id ?? null, callId: call.id, dueAt } : null;
    });
    if (created?.ownerAgentId) {
      this.realtime.toAgent(created.ownerAgentId, 'follow_up.assigned', { followUpId: created.followUpId, kind: payload.kind, callId: created.callId, dueAt: created.dueAt.toISOString() });
    }
    return created?.followUpId ?? null;
  }
}
