import { AuditAction, AuditService } from '@fc/audit';
import { AppConfig } from '@fc/config';
import {
  AgentState,
  BreakReason,
  CallDirection,
  CallState,
  FollowUpCause,
  FollowUpKind,
  FollowUpStatus,
  JobName,
  JourneyEventType,
  OfflineReason,
  Outcome,
  languageSkillKey,
  type AgentOutcome,
  type SelectableAgentState,
} from '@fc/contracts';
import {
  CallAction,
  IllegalTransitionError,
  RUNAROUND_TRANSFERS,
  causeOfOutcome,
  checkLateOutcome,
  isSampledForReview,
  iso,
  isTerminal,
  planAgentStateChange,
  repeatedContact,
  transferredPriority,
  type AgentActor,
  type Assignment,
  type EarlierContact,
} from '@fc/domain';
import { addJobInTransaction, recordFollowUpCause } from '@fc/jobs';
import { AgentEntity, CallEntity, CallEventEntity, CallerNumberEntity, SkillEntity, TopicEntity, TransactionRunner, pgErrorCode } from '@fc/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { CallerIdentityService } from './caller-identity.js';
import { DomainEventBus } from './domain-events.js';
import {
  AgentNotFoundError,
  CallNoLongerYoursError,
  CallNotFoundError,
  CallbackNeedsNumberError,
  OfferExpiredError,
  ReplayMismatchError,
  TransferTargetError,
  UnknownLanguageError,
  UnknownTopicError,
} from './journey-errors.js';
import { JourneyTransaction } from './journey-transaction.js';

export interface ReceiveCallInput {
  externalId: string;
  callerNumber?: string;
  topicKey: string;
  language: string;
}

export interface OutcomeInput {
  outcome: AgentOutcome;
  expectationAligned: boolean;
  reasonCodes?: string[];
  note?: string;
}

/** What an escalation step asks of agents, as the journey log records it. */
export interface EscalationRecord {
  fromStep: number;
  stepIndex: number;
  minProficiency: number;
  includeGeneralists: boolean;
  offerCallback: boolean;
  skipped: number;
  /** The step a call starts on by itself (age 0, nothing skipped): noted on the call, not logged. */
  silent: boolean;
}

export type TransferTarget = { topicKey: string; reason?: string } | { agentId: string; reason?: string };

/** Looks at an agent whose console went away, when an offer keeps moving to them between the read and the locks. */
const CONSOLE_LOST_ATTEMPTS = 4;

/**
 * The caller journey (DESIGN §3) and agents' states, and the only code that changes them.
 * Each change locks the rows it touches, moves the call through the domain state machine,
 * appends the journey event in the same transaction, and publishes domain events after commit.
 */
@Injectable()
export class JourneyService {
  private readonly logger = new Logger(JourneyService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly config: AppConfig,
    private readonly callers: CallerIdentityService,
    private readonly bus: DomainEventBus,
    private readonly audit: AuditService,
  ) {}

  /** Runs `work` in one transaction (the {@link TransactionRunner}'s, retried on deadlocks) and publishes its domain events after commit. */
  async run<T>(work: (tx: JourneyTransaction) => Promise<T>): Promise<T> {
    return this.transactions.run(async (unit) => {
      const tx = new JourneyTransaction(unit.manager);
      const result = await work(tx);
      await tx.writeContributions();
      unit.afterCommit(() => this.bus.publish(tx.events));
      return result;
    });
  }

  /**
   * A call chose a topic in the IVR: it arrives and joins the topic's queue.
   * Idempotent on `externalId`: a replay returns the existing call with `created: false`; the
   * same `externalId` with another topic, language or caller (compared by caller key) is refused.
   */
  async receiveCall(input: ReceiveCallInput): Promise<{ call: CallEntity; created: boolean }> {
    const caller = this.callers.identify(input.callerNumber);
    return this.run(async (tx) => {
      const topic = await tx.manager.findOneBy(TopicEntity, { key: input.topicKey, active: true });
      if (!topic) throw new UnknownTopicError(input.topicKey);
      if (!(await tx.manager.existsBy(SkillEntity, { key: languageSkillKey(input.language) }))) throw new UnknownLanguageError(input.language);

      const now = new Date();
      const inserted = await tx.manager
        .createQueryBuilder()
        .insert()
        .into(CallEntity)
        .values({
          externalId: input.externalId,
          direction: CallDirection.Inbound,
          state: CallState.Arrived,
          topicId: topic.id,
          language: input.language,
          priority: topic.priority,
          callerKey: caller?.callerKey ?? null,
          arrivedAt: now,
        })
        .orIgnore()
        .returning(['id'])
        .execute();
      const id = (inserted.raw as { id: string }[])[0]?.id;
      if (!id) {
        const known = await tx.manager.findOneByOrFail(CallEntity, { externalId: input.externalId });
        // A replay is the same arrival again; anything else under the same id is a platform bug, not this call.
        const arrival = await tx.manager.findOneBy(CallEventEntity, { callId: known.id, type: JourneyEventType.Arrived });
        const arrivedTopicKey = (arrival?.data as { topicKey?: string } | undefined)?.topicKey ?? topic.key;
        if (arrivedTopicKey !== topic.key || known.language !== input.language || known.callerKey !== (caller?.callerKey ?? null)) throw new ReplayMismatchError(input.externalId);
        return { call: known, created: false };
      }

      const call = await tx.manager.findOneByOrFail(CallEntity, { id });
      if (caller) await tx.manager.insert(CallerNumberEntity, { callId: id, phoneE164: caller.e164 });
      await tx.appendEvent(call, JourneyEventType.Arrived, {
        at: now,
        data: { direction: call.direction, topicKey: topic.key, language: call.language, numberWithheld: !caller },
      });
      tx.announceNewCall(call, null);
      // The visit's topic and threshold as they are now: the metrics judge this wait by them, whatever changes later.
      await tx.apply(call, CallAction.Queue, {
        at: now,
        patch: { queuedAt: now, waitingSince: now },
        data: { topicKey: topic.key, topicId: topic.id, serviceLevelThresholdSec: topic.serviceLevelThresholdSec, priority: call.priority },
      });
      if (call.callerKey) await this.detectRepeatContact(tx, call, now);
      return { call, created: true };
    });
  }

  /**
   * Links a new call to the earlier one it repeats (same caller key and topic, within the window;
   * DESIGN §7) and marks that one as not resolved for the repeat-adjusted FCR, in the call's own
   * transaction so the figures and the journey never disagree.
   */
  private async detectRepeatContact(tx: JourneyTransaction, call: CallEntity, now: Date): Promise<void> {
    const windowStart = new Date(now.getTime() - this.config.repeatWindowDays * 86_400_000);
    const candidates: EarlierContact[] = await tx.manager.query(
      `SELECT c.id, c.topic_id AS "topicId", c.arrived_at AS "arrivedAt",
              (SELECT max(e.at) FROM call_events e WHERE e.call_id = c.id AND e.type = $5) AS "lastTransferAt"
         FROM calls c
        WHERE c.caller_key = $1 AND c.topic_id = $2 AND c.arrived_at >= $3 AND c.id <> $4
        ORDER BY c.arrived_at DESC
        LIMIT 20`,
      [call.callerKey, call.topicId, windowStart, call.id, JourneyEventType.Transferred],
    );
    const earlier = repeatedContact({ topicId: call.topicId, arrivedAt: call.arrivedAt, callbackOfCallId: call.callbackOfCallId }, candidates, this.config.repeatWindowDays);
    if (!earlier) return;
    call.repeatOfCallId = earlier.id;
    await tx.appendEvent(call, JourneyEventType.RepeatDetected, {
      at: now,
      data: { repeatOfCallId: earlier.id, gapSec: Math.round((call.arrivedAt.getTime() - earlier.arrivedAt.getTime()) / 1000) },
    });
    // TypeORM answers an UPDATE with [rows, count].
    const [marked]: [{ state: CallState }[], number] = await tx.manager.query('UPDATE calls SET repeat_contact_at = $2 WHERE id = $1 AND repeat_contact_at IS NULL RETURNING state', [earlier.id, now]);
    // A finished call's repeat-adjusted FCR changes: recount it (one still in progress is counted when it finishes).
    if (marked[0] && isTerminal(marked[0].state)) tx.recountContributions(earlier.id);
    await recordFollowUpCause(tx.manager, earlier.id, FollowUpCause.RepeatContact, now);
  }

  /**
   * Offers each call to its agent until `expiresAt`, reserving the agent: the routing round's
   * offers, inside its transaction, as a handful of set-based statements rather than several per
   * offer. Locks every call and then every agent in id order (the order all transactions use),
   * re-checks under the locks that the call is `queued` and the agent `available` without a call,
   * and skips a pair whose call or agent moved on. Should the offers still fail to write, each pair
   * is tried on its own and the failing one skipped: one bad row never stalls the floor (DESIGN §4).
   * @returns the pairs offered, and those skipped because their offer could not be written.
   */
  async offerManyWithin(tx: JourneyTransaction, pairs: readonly Assignment[], expiresAt: Date): Promise<{ offered: Assignment[]; failed: Assignment[] }> {
    if (pairs.length === 0) return { offered: [], failed: [] };
    const calls = await tx.lockCalls(pairs.map((p) => p.callId));
    const agents = await tx.lockAgents(pairs.map((p) => p.agentId));
    const all = await tx.savepoint(() => this.offerLocked(tx, pairs, expiresAt, calls, agents));
    if (all.ok) return { offered: all.value, failed: [] };
    this.logger.warn({ code: pgErrorCode(all.error), pairs: pairs.length }, 'routing offers failed together; offering pair by pair');
    const offered: Assignment[] = [];
    const failed: Assignment[] = [];
    for (const pair of pairs) {
      // The rows as they are after the rollback: the failed attempt changed the entities in memory.
      const one = await tx.savepoint(async () => this.offerLocked(tx, [pair], expiresAt, await tx.lockCalls([pair.callId]), await tx.lockAgents([pair.agentId])));
      if (one.ok) offered.push(...one.value);
      else {
        failed.push(pair);
        this.logger.warn({ code: pgErrorCode(one.error), callId: pair.callId, agentId: pair.agentId }, 'routing pair skipped: its offer could not be written');
      }
    }
    return { offered, failed };
  }

  /** The offers of {@link offerManyWithin}, on rows this transaction has locked: checked and written. */
  private async offerLocked(tx: JourneyTransaction, pairs: readonly Assignment[], expiresAt: Date, lockedCalls: readonly CallEntity[], lockedAgents: readonly AgentEntity[]): Promise<Assignment[]> {
    const calls = new Map(lockedCalls.map((c) => [c.id, c]));
    const agents = new Map(lockedAgents.map((a) => [a.id, a]));
    const holding = await tx.agentsHoldingCalls([...agents.keys()]);
    const now = new Date();
    const offers = pairs
      .filter((p) => calls.get(p.callId)?.state === CallState.Queued && agents.get(p.agentId)?.state === AgentState.Available && !holding.has(p.agentId))
      .map((p) => ({ call: calls.get(p.callId)!, agent: agents.get(p.agentId)! }));
    if (offers.length === 0) return [];
    await tx.applyToMany(
      offers.map(({ call, agent }) => ({
        call,
        agentId: agent.id,
        patch: { agentId: agent.id, offerExpiresAt: expiresAt },
        data: { expiresAt: expiresAt.toISOString(), waitedSec: waitedSec(call, now) },
      })),
      CallAction.Offer,
      now,
    );
    await tx.setManyAgentStates(
      offers.map(({ call, agent }) => ({ agent, callId: call.id })),
      AgentState.Reserved,
      now,
    );
    await tx.manager.update(AgentEntity, { id: In(offers.map((o) => o.agent.id)) }, { lastOfferedAt: now });
    return offers.map(({ call, agent }) => ({ callId: call.id, agentId: agent.id }));
  }

  /**
   * Records that routing moved a waiting call to another escalation step, inside the round's
   * transaction. Returns false and changes nothing when the call is no longer waiting.
   */
  async escalateWithin(tx: JourneyTransaction, callId: string, step: EscalationRecord): Promise<boolean> {
    const call = await tx.lockCall(callId);
    if (call?.state !== CallState.Queued || call.escalationStep === step.stepIndex) return false;
    const callbackOffered = step.offerCallback && !call.callbackOfferedAt;
    call.escalationStep = step.stepIndex;
    if (callbackOffered) call.callbackOfferedAt = new Date();
    if (step.silent) {
      await tx.manager.update(CallEntity, { id: call.id }, { escalationStep: step.stepIndex, callbackOfferedAt: call.callbackOfferedAt });
      return true;
    }
    await tx.appendEvent(call, JourneyEventType.Escalated, {
      data: {
        fromStep: step.fromStep,
        toStep: step.stepIndex,
        minProficiency: step.minProficiency,
        includeGeneralists: step.includeGeneralists,
        offerCallback: step.offerCallback,
        skippedSteps: step.skipped,
        waitedSec: waitedSec(call, new Date()),
      },
    });
    return true;
  }

  async accept(callId: string, actor: AgentActor): Promise<CallEntity> {
    return this.agentActs(callId, actor, AuditAction.CallAccept, async (tx, call, agent) => {
      if (call.state === CallState.Offered && call.offerExpiresAt && call.offerExpiresAt.getTime() <= Date.now()) throw new OfferExpiredError();
      const now = new Date();
      await tx.apply(call, CallAction.Accept, { at: now, agentId: agent.id, patch: { answeredAt: call.answeredAt ?? now, offerExpiresAt: null } });
      await tx.setAgentState(agent, AgentState.OnCall, null, call.id);
    });
  }

  async decline(callId: string, actor: AgentActor): Promise<CallEntity> {
    return this.agentActs(callId, actor, AuditAction.CallDecline, async (tx, call, agent) => {
      await tx.apply(call, CallAction.Decline, { agentId: agent.id, patch: { agentId: null, offerExpiresAt: null } });
      await tx.setAgentState(agent, AgentState.Available, null, call.id);
    });
  }

  /** The agent ends the talk; the call and the agent go to wrap-up. */
  async endTalk(callId: string, actor: AgentActor): Promise<CallEntity> {
    return this.agentActs(callId, actor, AuditAction.CallEndTalk, async (tx, call, agent) => {
      await tx.apply(call, CallAction.EndTalk, { agentId: agent.id, patch: { endedAt: new Date() }, data: { by: 'agent' } });
      await tx.setAgentState(agent, AgentState.WrapUp, null, call.id);
    });
  }

  async transfer(callId: string, actor: AgentActor, target: TransferTarget): Promise<CallEntity> {
    return this.run(async (tx) => {
      const { agentId } = actor;
      await this.auditChange(tx, actor, AuditAction.CallTransfer, callId);
      const call = await this.lockHeldCall(tx, callId, agentId);
      if ('topicKey' in target) {
        const topic = await tx.manager.findOneBy(TopicEntity, { key: target.topicKey, active: true });
        if (!topic) throw new UnknownTopicError(target.topicKey);
        const agent = await this.lockAgentOrFail(tx, agentId);
        const priority = transferredPriority(call.priority, topic.priority, this.config.transferPriorityBoost);
        const fromTopicId = call.topicId;
        await tx.apply(call, CallAction.TransferToTopic, {
          agentId,
          // The new topic's escalation starts over; the queue position (queuedAt) is kept.
          patch: { topicId: topic.id, priority, transferCount: call.transferCount + 1, agentId: null, waitingSince: new Date(), escalationStep: -1, callbackOfferedAt: null },
          // A new queue visit: its topic and threshold as they are now, for the metrics.
          data: { to: 'topic', fromTopicId, toTopicId: topic.id, toTopicKey: topic.key, serviceLevelThresholdSec: topic.serviceLevelThresholdSec, priority, reason: target.reason ?? null },
        });
        await tx.setAgentState(agent, AgentState.Available, null, call.id);
        await this.noteRunaround(tx, call);
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
      await tx.apply(call, late ? CallAction.RecordLateOutcome : CallAction.RecordOutcome, {
        at: now,
        agentId: agent.id,
        patch: { outcome: input.outcome, expectationAligned: input.expectationAligned, reasonCodes, note: input.note ?? null, ...(late ? {} : { completedAt: now }) },
        data: { outcome: input.outcome, expectationAligned: input.expectationAligned, reasonCodes, ...(late ? { late: true } : {}) },
      });
      if (late) {
        await tx.manager.query(
          `UPDATE follow_ups SET status = $3, result = $4, done_at = $5, updated_at = now()
            WHERE call_id = $1 AND kind = $2 AND status IN ('open', 'in_progress')`,
          [call.id, FollowUpKind.RecordOutcome, FollowUpStatus.Done, `outcome recorded: ${input.outcome}`, now],
        );
      } else await tx.setAgentState(agent, AgentState.Available, null, call.id);
      const hasNumber = await tx.manager.existsBy(CallerNumberEntity, { callId });
      const cause = causeOfOutcome(input.outcome);
      if (cause) await recordFollowUpCause(tx.manager, call.id, cause, now, hasNumber);
      else if (call.transferCount < RUNAROUND_TRANSFERS && isSampledForReview(call.id, this.config.qualitySampleRate)) {
        await recordFollowUpCause(tx.manager, call.id, FollowUpCause.RandomSample, now, hasNumber);
      }
      // A late outcome comes hours after the talk: the moment to ask the caller has passed.
      if (hasNumber && !late) await addJobInTransaction(tx.manager, JobName.SendFeedbackInvitation, { callId, at: now.toISOString() });
    });
  }

  /** A second transfer has given the caller the runaround: recorded once, however many follow. */
  private async noteRunaround(tx: JourneyTransaction, call: CallEntity): Promise<void> {
    if (call.transferCount >= RUNAROUND_TRANSFERS) await recordFollowUpCause(tx.manager, call.id, FollowUpCause.Runaround, new Date());
  }

  /** The caller hung up: abandoned while waiting, or the talk ended while connected. */
  async hangUp(callId: string): Promise<CallEntity> {
    return this.run(async (tx) => {
      const call = await tx.lockCall(callId);
      if (!call) throw new CallNotFoundError();
      const now = new Date();
      if (call.state === CallState.Connected) {
        const agent = await this.lockAgentOrFail(tx, call.agentId!);
        await tx.apply(call, CallAction.EndTalk, { at: now, agentId: agent.id, patch: { endedAt: now }, data: { by: 'caller' } });
        await tx.setAgentState(agent, AgentState.WrapUp, null, call.id);
        return call;
      }
      const offeredTo = call.state === CallState.Offered ? call.agentId : null;
      await tx.apply(call, CallAction.Abandon, {
        at: now,
        patch: { endedAt: now, completedAt: now, offerExpiresAt: null, agentId: offeredTo ? null : call.agentId },
        data: { waitedSec: waitedSec(call, now), whileOfferedTo: offeredTo },
      });
      // A caller who gave up after a long wait is called back (when their number is known).
      if (waitedSec(call, now) >= this.config.longAbandonSec) await recordFollowUpCause(tx.manager, call.id, FollowUpCause.LongAbandon, now);
      if (offeredTo) {
        const agent = await tx.lockAgent(offeredTo);
        if (agent?.state === AgentState.Reserved) await tx.setAgentState(agent, AgentState.Available, null, call.id);
      }
      return call;
    });
  }

  /**
   * The caller chose to be called back (virtual hold): their call ends as `callback_requested` and a
   * callback call takes its place in the queue, keeping the time the caller first queued.
   */
  async requestCallback(callId: string): Promise<{ call: CallEntity; callback: CallEntity }> {
    return this.run(async (tx) => {
      const call = await tx.lockCall(callId);
      if (!call) throw new CallNotFoundError();
      const number = await tx.manager.findOneBy(CallerNumberEntity, { callId });
      if (!number) {
        if (call.state !== CallState.Queued) throw new IllegalTransitionError(call.state, CallAction.RequestCallback);
        throw new CallbackNeedsNumberError();
      }
      const now = new Date();
      await tx.apply(call, CallAction.RequestCallback, { at: now, patch: { endedAt: now, completedAt: now }, data: { waitedSec: waitedSec(call, now) } });

      const callback = tx.manager.create(CallEntity, {
        externalId: `${call.externalId}:callback`,
        direction: CallDirection.Callback,
        state: CallState.Arrived,
        topicId: call.topicId,
        language: call.language,
        priority: call.priority,
        transferCount: call.transferCount,
        callerKey: call.callerKey,
        arrivedAt: now,
        callbackOfCallId: call.id,
        // The caller's age and the escalation step it reached carry over (DESIGN §4).
        escalationStep: call.escalationStep,
      });
      await tx.manager.insert(CallEntity, callback);
      await tx.manager.insert(CallerNumberEntity, { callId: callback.id, phoneE164: number.phoneE164 });
      await tx.appendEvent(callback, JourneyEventType.Arrived, { at: now, data: { direction: CallDirection.Callback, callbackOfCallId: call.id } });
      tx.announceNewCall(callback, null);
      // The callback keeps the caller's place and age: queue position and escalation both.
      const topic = await tx.manager.findOneByOrFail(TopicEntity, { id: call.topicId });
      await tx.apply(callback, CallAction.Queue, {
        at: now,
        patch: { queuedAt: call.queuedAt ?? now, waitingSince: call.waitingSince ?? now },
        data: { keepsQueuedAt: iso(call.queuedAt), topicId: topic.id, serviceLevelThresholdSec: topic.serviceLevelThresholdSec },
      });
      return { call, callback };
    });
  }

  /**
   * An agent chooses available, break or offline. Leaving while an offer is pending revokes the
   * offer and puts the call back in the queue in the same transaction, so no call is stranded.
   */
  async setAgentState(actor: AgentActor, to: SelectableAgentState, reason?: BreakReason): Promise<AgentEntity> {
    return this.run(async (tx) => {
      const { agentId } = actor;
      await this.auditChange(tx, actor, AuditAction.AgentSetState, agentId, { state: to, reason: reason ?? null });
      // Lock order is call before agent: find the pending offer first, then lock both and re-check.
      const pending = await tx.manager.findOneBy(CallEntity, { agentId, state: CallState.Offered });
      const call = pending ? await tx.lockCall(pending.id) : null;
      const agent = await tx.lockAgent(agentId);
      if (!agent) throw new AgentNotFoundError();
      const plan = planAgentStateChange(agent.state, to, reason);
      if (plan.revokeOffer) {
        if (call?.state !== CallState.Offered || call.agentId !== agentId) throw new CallNoLongerYoursError();
        await tx.apply(call, CallAction.RevokeOffer, { agentId, patch: { agentId: null, offerExpiresAt: null }, data: { reason: `agent_${to}` } });
      }
      if (agent.state !== plan.to || agent.stateReason !== plan.reason) await tx.setAgentState(agent, plan.to, plan.reason, plan.revokeOffer ? call!.id : null);
      return agent;
    });
  }

  /** Offers whose time ran out go back to the queue; the agent goes on break `missed` (RONA). */
  async expireOffer(callId: string): Promise<boolean> {
    return this.run(async (tx) => {
      const call = await tx.lockCall(callId);
      if (call?.state !== CallState.Offered || !call.offerExpiresAt || call.offerExpiresAt.getTime() > Date.now()) return false;
      const agentId = call.agentId!;
      const agent = await tx.lockAgent(agentId);
      await tx.apply(call, CallAction.ExpireOffer, { agentId, patch: { agentId: null, offerExpiresAt: null } });
      if (agent?.state === AgentState.Reserved) await tx.setAgentState(agent, AgentState.Break, BreakReason.Missed, call.id);
      return true;
    });
  }

  /**
   * The agent's console went away: no `/agent` socket on any api process for the grace (decision
   * 0023). An available or reserved agent goes offline with reason `console_lost`, and an offer in
   * hand goes back to the queue now rather than ringing out. Any other state is left as it is (the
   * voice leg of a call may go on without the console). Locks call then agent and re-checks under the
   * locks, so a second run, or one on another process at the same moment, changes nothing.
   * @returns whether the agent was taken off the phones.
   */
  async consoleLost(agentId: string): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.run(async (tx) => {
        // Lock order is call before agent: find the pending offer first, then lock both and re-check.
        const pending = await tx.manager.findOneBy(CallEntity, { agentId, state: CallState.Offered });
        const call = pending ? await tx.lockCall(pending.id) : null;
        const agent = await tx.lockAgent(agentId);
        if (agent?.state !== AgentState.Available && agent?.state !== AgentState.Reserved) return 'unchanged';
        const offer = call?.state === CallState.Offered && call.agentId === agentId ? call : null;
        // Reserved by an offer made after the read above: let go of the locks and look again.
        if (agent.state === AgentState.Reserved && !offer) return 'offer_moved';
        if (offer) await tx.apply(offer, CallAction.RevokeOffer, { agentId, patch: { agentId: null, offerExpiresAt: null }, data: { reason: OfflineReason.ConsoleLost } });
        await tx.setAgentState(agent, AgentState.Offline, OfflineReason.ConsoleLost, offer?.id ?? null);
        return 'taken_off';
      });
      if (outcome !== 'offer_moved' || attempt >= CONSOLE_LOST_ATTEMPTS) return outcome === 'taken_off';
    }
  }

  /**
   * A wrap-up that ran past its time completes as `not_recorded`, so no call stays open forever,
   * and the agent gets a `record_outcome` to-do to add the outcome afterwards.
   */
  async timeOutWrapUp(callId: string): Promise<boolean> {
    return this.run(async (tx) => {
      const call = await tx.lockCall(callId);
      const deadline = (call?.endedAt?.getTime() ?? Infinity) + this.config.wrapUpTimeoutSec * 1000;
      if (call?.state !== CallState.WrapUp || deadline > Date.now()) return false;
      const agent = await tx.lockAgent(call.agentId!);
      const now = new Date();
      await tx.apply(call, CallAction.TimeOutWrapUp, {
        at: now,
        agentId: call.agentId,
        patch: { outcome: Outcome.NotRecorded, completedAt: now },
        data: { outcome: Outcome.NotRecorded, wrapUpTimeoutSec: this.config.wrapUpTimeoutSec },
      });
      if (agent?.state === AgentState.WrapUp) await tx.setAgentState(agent, AgentState.Available, null, call.id);
      // The agent gets a to-do: record what happened (DESIGN §4).
      await recordFollowUpCause(tx.manager, call.id, FollowUpCause.OutcomeNotRecorded, now);
      return true;
    });
  }

  /** Ids of calls whose offer or wrap-up has run out of time. */
  async findOverdue(): Promise<{ offers: string[]; wrapUps: string[] }> {
    const offers = await this.dataSource
      .getRepository(CallEntity)
      .createQueryBuilder('call')
      .select('call.id', 'id')
      .where('call.state = :state AND call.offer_expires_at <= now()', { state: CallState.Offered })
      .getRawMany<{ id: string }>();
    const wrapUps = await this.dataSource
      .getRepository(CallEntity)
      .createQueryBuilder('call')
      .select('call.id', 'id')
      .where(`call.state = :state AND call.ended_at <= now() - make_interval(secs => :timeout)`, { state: CallState.WrapUp, timeout: this.config.wrapUpTimeoutSec })
      .getRawMany<{ id: string }>();
    return { offers: offers.map((r) => r.id), wrapUps: wrapUps.map((r) => r.id) };
  }

  /**
   * The frame of an agent's action on the call they hold: one transaction, the audit entry, the
   * call and then the agent locked (in that order), and the changed call returned.
   */
  private agentActs(callId: string, actor: AgentActor, action: AuditAction, work: (tx: JourneyTransaction, call: CallEntity, agent: AgentEntity) => Promise<void>): Promise<CallEntity> {
    return this.run(async (tx) => {
      await this.auditChange(tx, actor, action, callId);
      const call = await this.lockHeldCall(tx, callId, actor.agentId);
      await work(tx, call, await this.lockAgentOrFail(tx, actor.agentId));
      return call;
    });
  }

  private auditChange(tx: JourneyTransaction, actor: AgentActor, action: AuditAction, entityId: string, data: Record<string, string | null> = {}): Promise<void> {
    return this.audit.record({ actor, action, entityType: action.startsWith('agent.') ? 'agent' : 'call', entityId, data }, tx.manager);
  }

  /** Locks a call the agent holds now; 404 if the agent never had it, 409 if it has moved on. */
  private async lockHeldCall(tx: JourneyTransaction, callId: string, agentId: string): Promise<CallEntity> {
    const call = await tx.lockCall(callId);
    if (!call) throw new CallNotFoundError();
    if (call.agentId === agentId) return call;
    const handledBefore = await tx.manager.existsBy(CallEventEntity, { callId, agentId });
    throw handledBefore ? new CallNoLongerYoursError() : new CallNotFoundError();
  }

  private async lockAgentOrFail(tx: JourneyTransaction, agentId: string): Promise<AgentEntity> {
    const agent = await tx.lockAgent(agentId);
    if (!agent) throw new AgentNotFoundError();
    return agent;
  }
}

function waitedSec(call: CallEntity, now: Date): number {
  return call.queuedAt ? Math.max(0, Math.round((now.getTime() - call.queuedAt.getTime()) / 1000)) : 0;
}
