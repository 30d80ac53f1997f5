import { AuditAction, AuditService } from '@fc/audit';
import { AppConfig } from '@fc/config';
import {
  AgentState,
  BreakReason,
  CallState,
  RingResult,
  Role,
  FollowUpCause,
  FollowUpKind,
  FollowUpStatus,
  JobName,
  PlatformEventType,
  type AgentOutcome,
  type SelectableAgentState,
} from '@fc/contracts';
import {
  CallAction,
  RUNAROUND_TRANSFERS,
  isCallbackNotReached,
  causeOfOutcome,
  checkLateOutcome,
  isSampledForReview,
  planAgentStateChange,
  startingStep,
  transferredPriority,
  type AgentActor,
} from '@fc/domain';
import { jobInsertOf, recordFollowUpCause } from '@fc/jobs';
import { AgentEntity, CallEntity, CallEventEntity, TopicEntity } from '@fc/persistence';
import { Injectable } from '@nestjs/common';
import { CallbackActions } from './callback-actions.js';
import { AgentNotFoundError, CallNoLongerYoursError, CallNotFoundError, OfferExpiredError, TransferTargetError, UnknownTopicError } from './journey-errors.js';
import type { JourneyTransaction } from './journey-transaction.js';
import { JourneyWriter } from './journey-writer.js';
import { QueuePlacesRepository } from './queue-places.repository.js';

export interface OutcomeInput {
  outcome: AgentOutcome;
  expectationAligned: boolean;
  reasonCodes?: string[];
  note?: string;
}

export type TransferTarget = { topicKey: string; reason?: string } | { agentId: string; reason?: string };

/**
 * What an agent does, from their console or the API: accept or decline an offer, end the talk,
 * transfer, record the outcome, and choose their own state (an administrator may choose it for
 * them). Each action is audited in its own transaction. Writes only through the {@link JourneyWriter}.
 */
@Injectable()
export class AgentActions {
  constructor(
    private readonly writer: JourneyWriter,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly places: QueuePlacesRepository,
    private readonly callbacks: CallbackActions,
  ) {}

  async accept(callId: string, actor: AgentActor): Promise<CallEntity> {
    return this.agentActs(callId, actor, AuditAction.CallAccept, async (tx, call, agent) => {
      if (call.state === CallState.Offered && call.offerExpiresAt && call.offerExpiresAt.getTime() <= Date.now()) throw new OfferExpiredError();
      await this.acceptWithin(tx, call, agent, actor);
    });
  }

  private async acceptWithin(tx: JourneyTransaction, call: CallEntity, agent: AgentEntity, actor: AgentActor): Promise<void> {
    // A callback's caller is not on the line yet: the platform dials them first.
    if (isCallbackNotReached(call)) return this.callbacks.startDialWithin(tx, call, agent, actor);
    const now = new Date();
    // Told first, so the platform's event is written with the call's own statement.
    tx.platformEvent(call, PlatformEventType.Connect, { agentId: agent.id, endpoint: agent.endpoint });
    await tx.apply(call, CallAction.Accept, {
      at: now,
      agentId: agent.id,
      patch: { answeredAt: call.answeredAt ?? now, offerExpiresAt: null },
      agentState: { agent, state: AgentState.OnCall },
    });
  }

  async decline(callId: string, actor: AgentActor): Promise<CallEntity> {
    return this.agentActs(callId, actor, AuditAction.CallDecline, (tx, call, agent) => this.declineWithin(tx, call, agent));
  }

  private async declineWithin(tx: JourneyTransaction, call: CallEntity, agent: AgentEntity): Promise<void> {
    await tx.apply(call, CallAction.Decline, { agentId: agent.id, patch: { agentId: null, offerExpiresAt: null } });
    await tx.setAgentState(agent, AgentState.Available, null, call.id);
    await this.announceRequeued(tx, call);
  }

  /**
   * The platform reports how ringing the offered agent's phone went (decision 0044). The agent
   * acted on their phone, so the change is theirs: audited as their user, `via: phone`.
   * - `answered`: the caller is already talking to them, so the offer is accepted even if its time
   *   ran out a moment ago (the sweeper has not taken it back yet); already connected to them, as
   *   when the console's accept came first, changes nothing.
   * - `busy`: they refused on the phone, a decline.
   * - `no_answer`, `unavailable`: the phone rang out or could not be reached: the offer ends now as
   *   an expiry would (RONA: back in line, the agent on break `missed`), not when its timer runs out.
   */
  async ringResult(callId: string, agentId: string, result: RingResult): Promise<CallEntity> {
    return this.writer.run(async (tx) => {
      const { call, agent } = await this.lockHeldCallAndAgent(tx, callId, agentId);
      // Answered again, or after the console's accept: connected already, or a callback being dialled.
      if (result === RingResult.Answered && (call.state === CallState.Connected || call.state === CallState.Dialling)) return call;
      const actor: AgentActor = { userId: agent.userId, role: Role.Agent, agentId };
      if (result === RingResult.Answered) {
        this.auditChange(tx, actor, AuditAction.CallAccept, callId, { via: 'phone' });
        await this.acceptWithin(tx, call, agent, actor);
      } else if (result === RingResult.Busy) {
        this.auditChange(tx, actor, AuditAction.CallDecline, callId, { via: 'phone' });
        await this.declineWithin(tx, call, agent);
      } else {
        if (call.state !== CallState.Offered) throw new CallNoLongerYoursError();
        this.auditChange(tx, actor, AuditAction.CallRingUnanswered, callId, { via: 'phone', result });
        await tx.apply(call, CallAction.ExpireOffer, { agentId, patch: { agentId: null, offerExpiresAt: null }, data: { ring: result } });
        if (agent.state === AgentState.Reserved) await tx.setAgentState(agent, AgentState.Break, BreakReason.Missed, call.id);
        await this.announceRequeued(tx, call);
      }
      return call;
    });
  }

  /** The agent ends the talk; the call and the agent go to wrap-up. */
  async endTalk(callId: string, actor: AgentActor): Promise<CallEntity> {
    return this.agentActs(callId, actor, AuditAction.CallEndTalk, async (tx, call, agent) => {
      tx.platformEvent(call, PlatformEventType.Release, {});
      await tx.apply(call, CallAction.EndTalk, { agentId: agent.id, patch: { endedAt: new Date() }, data: { by: 'agent' }, agentState: { agent, state: AgentState.WrapUp } });
    });
  }

  async transfer(callId: string, actor: AgentActor, target: TransferTarget): Promise<CallEntity> {
    return this.writer.run(async (tx) => {
      const { agentId } = actor;
      this.auditChange(tx, actor, AuditAction.CallTransfer, callId);
      const call = await this.lockHeldCall(tx, callId, agentId);
      if ('topicKey' in target) {
        const topic = await tx.manager.findOneBy(TopicEntity, { key: target.topicKey, active: true });
        if (!topic) throw new UnknownTopicError(target.topicKey);
        const agent = await tx.lockAgentOrFail(agentId);
        const priority = transferredPriority(call.priority, topic.priority, this.config.transferPriorityBoost);
        const fromTopicId = call.topicId;
        await tx.apply(call, CallAction.TransferToTopic, {
          agentId,
          // The new topic's escalation starts over, at the step it reaches at 0 s; the queue position (queuedAt) is kept.
          patch: {
            topicId: topic.id,
            priority,
            transferCount: call.transferCount + 1,
            agentId: null,
            waitingSince: new Date(),
            escalationStep: startingStep(topic.escalationSteps),
            callbackOfferedAt: null,
          },
          // A new queue visit: its topic and threshold as they are now, for the metrics.
          data: { to: 'topic', fromTopicId, toTopicId: topic.id, toTopicKey: topic.key, serviceLevelThresholdSec: topic.serviceLevelThresholdSec, priority, reason: target.reason ?? null },
        });
        await tx.setAgentState(agent, AgentState.Available, null, call.id);
        await this.noteRunaround(tx, call);
        await this.announceRequeued(tx, call);
        return call;
      }
      if (target.agentId === agentId) throw new TransferTargetError('invalid', 'A call cannot be transferred to the agent who holds it');
      // Lock both agents in id order, as every transaction does, so two crossing transfers cannot deadlock.
      const [first, second] = [agentId, target.agentId].sort();
      const locked = new Map<string, AgentEntity | null>([
        [first!, await tx.lockAgent(first!)],
        [second!, await tx.lockAgent(second!)],
      ]);
      const from = locked.get(agentId);
      const to = locked.get(target.agentId);
      if (!from) throw new AgentNotFoundError();
      if (!to) throw new TransferTargetError('invalid', 'No such agent to transfer to');
      if (to.state !== AgentState.Available) throw new TransferTargetError('conflict', 'The agent to transfer to is not available');
      tx.platformEvent(call, PlatformEventType.Transfer, { agentId: to.id, endpoint: to.endpoint });
      await tx.apply(call, CallAction.TransferToAgent, {
        agentId: to.id,
        patch: { agentId: to.id, transferCount: call.transferCount + 1 },
        data: { to: 'agent', fromAgentId: agentId, toAgentId: to.id, reason: target.reason ?? null },
      });
      await tx.setAgentState(from, AgentState.Available, null, call.id);
      await tx.setAgentState(to, AgentState.OnCall, null, call.id);
      await this.noteRunaround(tx, call);
      return call;
    });
  }

  /**
   * The agent records the outcome and the call completes. In the same transaction: the follow-ups
   * the outcome calls for (or, for a well-handled call, perhaps a sampled quality review), and the
   * caller's feedback invitation when their number is known.
   *
   * A call whose wrap-up timed out (`not_recorded`) can be given its outcome afterwards by the same
   * agent (DESIGN §4): the call stays completed at the time it completed, the journey logs the late
   * outcome, the figures move from not recorded to it, and the agent's `record_outcome` to-do is done.
   */
  async recordOutcome(callId: string, actor: AgentActor, input: OutcomeInput): Promise<CallEntity> {
    return this.agentActs(callId, actor, AuditAction.CallRecordOutcome, async (tx, call, agent) => {
      const reasonCodes = input.reasonCodes ?? [];
      const now = new Date();
      const late = call.state === CallState.Completed;
      if (late) checkLateOutcome(call.outcome);
      // The caller is asked how it went, if their number is kept; a late outcome comes hours after
      // the talk, when the moment to ask has passed. Written with the call's statement.
      if (!late) tx.ride(jobInsertOf(JobName.SendFeedbackInvitation, { callId, at: now.toISOString() }, { ifCallerNumberOf: callId }));
      await tx.apply(call, late ? CallAction.RecordLateOutcome : CallAction.RecordOutcome, {
        at: now,
        agentId: agent.id,
        patch: { outcome: input.outcome, expectationAligned: input.expectationAligned, reasonCodes, note: input.note ?? null, ...(late ? {} : { completedAt: now }) },
        data: { outcome: input.outcome, expectationAligned: input.expectationAligned, reasonCodes, ...(late ? { late: true } : {}) },
        // The agent is free again with the outcome; a late outcome finds them long since on to other work.
        ...(late ? {} : { agentState: { agent, state: AgentState.Available } }),
      });
      if (late) {
        await tx.manager.query(
          `UPDATE follow_ups SET status = $3, result = $4, done_at = $5, updated_at = now()
            WHERE call_id = $1 AND kind = $2 AND status IN ('open', 'in_progress')`,
          [call.id, FollowUpKind.RecordOutcome, FollowUpStatus.Done, `outcome recorded: ${input.outcome}`, now],
        );
      } else await this.callbacks.completedWithin(tx, call, now);
      const cause = causeOfOutcome(input.outcome);
      if (cause) await recordFollowUpCause(tx.manager, call.id, cause, now);
      else if (call.transferCount < RUNAROUND_TRANSFERS && isSampledForReview(call.id, this.config.qualitySampleRate)) {
        await recordFollowUpCause(tx.manager, call.id, FollowUpCause.RandomSample, now);
      }
    });
  }

  /** The caller is back in line: the platform moves their leg and announces the new place. */
  private async announceRequeued(tx: JourneyTransaction, call: CallEntity): Promise<void> {
    tx.platformEvent(call, PlatformEventType.Requeued, await this.places.placeOfQueued(tx.manager, call.id));
  }

  /** A second transfer has given the caller the runaround: recorded once, however many follow. */
  private async noteRunaround(tx: JourneyTransaction, call: CallEntity): Promise<void> {
    if (call.transferCount >= RUNAROUND_TRANSFERS) await recordFollowUpCause(tx.manager, call.id, FollowUpCause.Runaround, new Date());
  }

  /**
   * An agent chooses available, break or offline. Leaving while an offer is pending revokes the
   * offer and puts the call back in the queue in the same transaction, so no call is stranded.
   */
  async setAgentState(actor: AgentActor, to: SelectableAgentState, reason?: BreakReason): Promise<AgentEntity> {
    return this.writer.run(async (tx) => {
      const { agentId } = actor;
      this.auditChange(tx, actor, AuditAction.AgentSetState, agentId, { state: to, reason: reason ?? null });
      const { call, agent } = await tx.lockOfferThenAgent(agentId);
      if (!agent) throw new AgentNotFoundError();
      const plan = planAgentStateChange(agent.state, to, reason);
      if (plan.revokeOffer) {
        if (call?.state !== CallState.Offered || call.agentId !== agentId) throw new CallNoLongerYoursError();
        await tx.apply(call, CallAction.RevokeOffer, { agentId, patch: { agentId: null, offerExpiresAt: null }, data: { reason: `agent_${to}` } });
      }
      if (agent.state !== plan.to || agent.stateReason !== plan.reason) await tx.setAgentState(agent, plan.to, plan.reason, plan.revokeOffer ? call!.id : null);
      if (plan.revokeOffer) await this.announceRequeued(tx, call!);
      return agent;
    });
  }

  /**
   * The frame of an agent's action on the call they hold: one transaction, the audit entry, the
   * call and then the agent locked (in that order), and the changed call returned.
   */
  private agentActs(callId: string, actor: AgentActor, action: AuditAction, work: (tx: JourneyTransaction, call: CallEntity, agent: AgentEntity) => Promise<void>): Promise<CallEntity> {
    return this.writer.run(async (tx) => {
      this.auditChange(tx, actor, action, callId);
      const { call, agent } = await this.lockHeldCallAndAgent(tx, callId, actor.agentId);
      await work(tx, call, agent);
      return call;
    });
  }

  /** The action's audit entry, written with the transaction's next write (it commits or rolls back with the change). */
  private auditChange(tx: JourneyTransaction, actor: AgentActor, action: AuditAction, entityId: string, data: Record<string, string | null> = {}): void {
    tx.ride(this.audit.insertOf({ actor, action, entityType: action.startsWith('agent.') ? 'agent' : 'call', entityId, data }));
  }

  /** Locks a call the agent holds now; 404 if the agent never had it, 409 if it has moved on. */
  private async lockHeldCall(tx: JourneyTransaction, callId: string, agentId: string): Promise<CallEntity> {
    return this.held(tx, await tx.lockCall(callId), callId, agentId);
  }

  /** {@link lockHeldCall}, then the agent, in one round trip; 404 for an agent who does not exist. */
  private async lockHeldCallAndAgent(tx: JourneyTransaction, callId: string, agentId: string): Promise<{ call: CallEntity; agent: AgentEntity }> {
    const locked = await tx.lockCallThenAgent(callId, agentId);
    const call = await this.held(tx, locked.call, callId, agentId);
    if (!locked.agent) throw new AgentNotFoundError();
    return { call, agent: locked.agent };
  }

  /** The call, if the agent holds it now; 404 if they never had it, 409 if it has moved on. */
  private async held(tx: JourneyTransaction, call: CallEntity | null, callId: string, agentId: string): Promise<CallEntity> {
    if (!call) throw new CallNotFoundError();
    if (call.agentId === agentId) return call;
    const handledBefore = await tx.manager.existsBy(CallEventEntity, { callId, agentId });
    throw handledBefore ? new CallNoLongerYoursError() : new CallNotFoundError();
  }
}
