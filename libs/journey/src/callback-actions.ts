import { AuditAction, AuditService } from '@fc/audit';
import { AppConfig } from '@fc/config';
import { AgentState, CallDirection, CallState, FollowUpCause, FollowUpKind, FollowUpStatus, JourneyEventType, PlatformEventType, DialResult } from '@fc/contracts';
import { CallAction, IllegalTransitionError, isTerminal, iso, planDialResult, type Actor, type AgentActor } from '@fc/domain';
import { AgentEntity, CallEntity, CallerNumberEntity, TopicEntity } from '@fc/persistence';
import { Injectable } from '@nestjs/common';
import { CallNotFoundError, CallbackNeedsNumberError, CallbackConflictError } from './journey-errors.js';
import type { JourneyTransaction } from './journey-transaction.js';
import { JourneyWriter } from './journey-writer.js';

/** How a new callback call joins the queue. */
export interface NewCallback {
  /** Unique among calls: the original's external id with a suffix saying which callback this is. */
  externalId: string;
  /** Where it stands in the queue: a virtual hold keeps the caller's place, any other callback queues now. */
  queuedAt: Date;
  waitingSince: Date;
  escalationStep: number;
}

/** A dial the platform has not reported in time, found by the ticker. */
export interface StalledDial {
  callId: string;
}

/**
 * Callbacks are calls (DESIGN §11, docs/decisions/0033-callbacks-are-calls.md): a virtual hold, a
 * callback follow-up nobody owns, or one a supervisor or its owner sends, becomes an outbound call
 * routed like any other. When an agent accepts it the platform is told to dial (`call.dial`, the
 * only place the number goes); its `dial-result` connects the caller or schedules the next try, and
 * after the last try allowed the callback lands with a supervisor as an overdue follow-up. The
 * follow-up's status follows the call. Writes only through the {@link JourneyWriter}.
 */
@Injectable()
export class CallbackActions {
  constructor(
    private readonly writer: JourneyWriter,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  /**
   * Creates a callback call of `original` in the queue, with the caller's number, inside `tx`.
   * The caller of this holds `original`'s lock or created nothing else that needs it.
   */
  async createWithin(tx: JourneyTransaction, original: CallEntity, phoneE164: string, placement: NewCallback): Promise<CallEntity> {
    const now = new Date();
    const callback = tx.manager.create(CallEntity, {
      externalId: placement.externalId,
      direction: CallDirection.Callback,
      state: CallState.Arrived,
      topicId: original.topicId,
      language: original.language,
      priority: original.priority,
      transferCount: original.transferCount,
      callerKey: original.callerKey,
      arrivedAt: now,
      callbackOfCallId: original.id,
      escalationStep: placement.escalationStep,
    });
    await tx.manager.insert(CallEntity, callback);
    await tx.manager.insert(CallerNumberEntity, { callId: callback.id, phoneE164 });
    await tx.appendEvent(callback, JourneyEventType.Arrived, { at: now, data: { direction: CallDirection.Callback, callbackOfCallId: original.id } });
    tx.announceNewCall(callback, null);
    const topic = await tx.manager.findOneByOrFail(TopicEntity, { id: original.topicId });
    await tx.apply(callback, CallAction.Queue, {
      at: now,
      patch: { queuedAt: placement.queuedAt, waitingSince: placement.waitingSince },
      data: { keepsQueuedAt: iso(placement.queuedAt), topicKey: topic.key, topicId: topic.id, serviceLevelThresholdSec: topic.serviceLevelThresholdSec },
    });
    return callback;
  }

  /**
   * A callback follow-up (`followUpId`, on `original`) gets its outbound call, queued now: by the
   * follow-up's creation when nobody owns it, by its owner or a supervisor otherwise. The follow-up
   * is in progress while the call is. Null when the caller's number is no longer kept.
   */
  async createForFollowUpWithin(tx: JourneyTransaction, followUpId: string, original: CallEntity): Promise<CallEntity | null> {
    const numbers: { phone_e164: string }[] = await tx.manager.query(
      `SELECT n.phone_e164 FROM caller_numbers n
        WHERE n.call_id = $1 OR n.call_id IN (SELECT id FROM calls WHERE callback_of_call_id = $1)
        ORDER BY n.call_id = $1 DESC LIMIT 1`,
      [original.id],
    );
    if (!numbers[0]) return null;
    const [counted]: { made: number }[] = await tx.manager.query('SELECT count(*)::int AS made FROM calls WHERE callback_of_call_id = $1', [original.id]);
    const now = new Date();
    const callback = await this.createWithin(tx, original, numbers[0].phone_e164, {
      externalId: `${original.externalId}:callback${counted!.made > 0 ? `:${counted!.made + 1}` : ''}`,
      queuedAt: now,
      waitingSince: now,
      escalationStep: -1,
    });
    await tx.manager.query(`UPDATE follow_ups SET callback_call_id = $2, status = $3, updated_at = now() WHERE id = $1`, [followUpId, callback.id, FollowUpStatus.InProgress]);
    return callback;
  }

  /**
   * The agent accepted a callback: the platform is told to dial the caller and bridge them to the
   * agent (`call.dial`, audited: the number leaves First Contact here).
   */
  async startDialWithin(tx: JourneyTransaction, call: CallEntity, agent: AgentEntity, actor: AgentActor): Promise<void> {
    const now = new Date();
    const attempt = call.dialAttempts + 1;
    // The number is added when the event is delivered or read, never stored with it.
    tx.platformEvent(call, PlatformEventType.Dial, { agentId: agent.id, endpoint: agent.endpoint, number: null });
    await tx.apply(call, CallAction.StartDial, { at: now, agentId: agent.id, patch: { offerExpiresAt: null, dialAttempts: attempt, dialledAt: now }, data: { attempt } });
    await tx.setAgentState(agent, AgentState.OnCall, null, call.id);
    await this.audit.record({ actor, action: AuditAction.CallDial, entityType: 'call', entityId: call.id, data: { attempt } }, tx.manager);
  }

  /**
   * The platform reports how dialling went. Answered: the caller is connected. Otherwise the agent
   * is free again and the callback is tried later, or after the last try it lands with a supervisor.
   * Only a call being dialled takes a result: a second report, or one out of turn, is refused.
   */
  async dialResult(callId: string, result: DialResult | 'timeout'): Promise<CallEntity> {
    return this.writer.run(async (tx) => {
      const call = await tx.lockCall(callId);
      if (!call) throw new CallNotFoundError();
      if (call.state !== CallState.Dialling) throw new IllegalTransitionError(call.state, CallAction.AnswerDial);
      await this.dialEndedWithin(tx, call, result);
      return call;
    });
  }

  /**
   * A dial the platform did not report within the timeout counts as failed, so its agent is freed
   * and the callback goes on. Re-checked under the lock: a result that came meanwhile wins.
   * @returns whether it was given up on.
   */
  async timeOutDial(callId: string): Promise<boolean> {
    return this.writer.run(async (tx) => {
      const call = await tx.lockCall(callId);
      const deadline = (call?.dialledAt?.getTime() ?? Infinity) + this.config.callbackDialTimeoutSec * 1000;
      if (call?.state !== CallState.Dialling || deadline > Date.now()) return false;
      await this.dialEndedWithin(tx, call, 'timeout');
      return true;
    });
  }

  private async dialEndedWithin(tx: JourneyTransaction, call: CallEntity, result: DialResult | 'timeout'): Promise<void> {
    const agent = await tx.lockAgentOrFail(call.agentId!);
    const now = new Date();
    const plan = planDialResult(result === 'timeout' ? DialResult.Failed : result, call.dialAttempts, { maxAttempts: this.config.callbackMaxAttempts, retryMin: this.config.callbackRetryMin }, now);
    const data = { result, attempt: call.dialAttempts };
    if (plan.action === CallAction.AnswerDial) {
      await tx.apply(call, CallAction.AnswerDial, { at: now, agentId: agent.id, patch: { answeredAt: now }, data });
      return;
    }
    if (plan.action === CallAction.FailDial) {
      await tx.apply(call, CallAction.FailDial, { at: now, agentId: agent.id, patch: { agentId: null, callbackDueAt: plan.retryAt }, data: { ...data, retryAt: plan.retryAt.toISOString() } });
    } else {
      await tx.apply(call, CallAction.GiveUpDial, { at: now, agentId: agent.id, patch: { agentId: null, endedAt: now, completedAt: now }, data: { ...data, gaveUp: true } });
      await this.handToSupervisorWithin(tx, call, now);
    }
    if (agent.state === AgentState.OnCall) await tx.setAgentState(agent, AgentState.Available, null, call.id);
  }

  /**
   * The last try allowed went unanswered: the callback's follow-up (the original call's; a virtual
   * hold gets one now) is open again, nobody's, and due now, so the sweeper escalates it to the
   * supervisors as overdue.
   */
  private async handToSupervisorWithin(tx: JourneyTransaction, call: CallEntity, now: Date): Promise<void> {
    const result = `caller not reached after ${call.dialAttempts} ${call.dialAttempts === 1 ? 'try' : 'tries'}`;
    const [followUp]: { id: string; created: boolean }[] = await tx.manager.query(
      `INSERT INTO follow_ups (call_id, kind, cause, due_at, callback_call_id, result)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (call_id, kind) DO UPDATE
          SET status = $7, owner_user_id = NULL, due_at = least(follow_ups.due_at, $4), escalated_at = NULL, reminded_at = NULL,
              callback_call_id = $5, result = $6, updated_at = now()
       RETURNING id, (xmax = 0) AS created`,
      [call.callbackOfCallId ?? call.id, FollowUpKind.Callback, FollowUpCause.CallbackUnanswered, now, call.id, result, FollowUpStatus.Open],
    );
    if (followUp!.created) {
      await tx.appendEvent(call, JourneyEventType.FollowUpCreated, {
        at: now,
        data: { followUpId: followUp!.id, kind: FollowUpKind.Callback, cause: FollowUpCause.CallbackUnanswered, dueAt: now.toISOString(), ownerUserId: null },
      });
    }
  }

  /** A callback call completed (its outcome recorded, or its wrap-up timed out): the follow-up it carried out is done. */
  async completedWithin(tx: JourneyTransaction, call: CallEntity, now: Date): Promise<void> {
    if (call.direction !== CallDirection.Callback) return;
    await tx.manager.query(
      `UPDATE follow_ups SET status = $2, result = $3, done_at = $4, updated_at = now()
        WHERE callback_call_id = $1 AND status IN ($5, $6)`,
      [call.id, FollowUpStatus.Done, `called back: ${call.outcome}`, now, FollowUpStatus.Open, FollowUpStatus.InProgress],
    );
  }

  /**
   * Scheduled callbacks whose next try is due go back to the queue. Locks only calls no one holds,
   * so it never makes a routing round wait; one held now is taken on the next pass.
   * @returns how many went back.
   */
  async queueDue(limit: number): Promise<number> {
    return this.writer.run(async (tx) => {
      const due: { id: string }[] = await tx.manager.query(`SELECT id FROM calls WHERE state = $1 AND callback_due_at <= now() ORDER BY callback_due_at LIMIT $2`, [CallState.Scheduled, limit]);
      if (due.length === 0) return 0;
      const calls = (await tx.lockFreeCalls(due.map((d) => d.id))).filter((c) => c.state === CallState.Scheduled && c.callbackDueAt && c.callbackDueAt.getTime() <= Date.now());
      const now = new Date();
      for (const call of calls) {
        await tx.apply(call, CallAction.CallbackDue, { at: now, patch: { callbackDueAt: null, waitingSince: now, escalationStep: -1 }, data: { attempt: call.dialAttempts + 1 } });
      }
      return calls.length;
    });
  }

  /**
   * A callback follow-up's owner, or a supervisor, sends it (again) as a call: for one nobody could
   * reach, a new round of tries; for one its owner promised, the call they make without ever seeing
   * the number. Refused while a callback call of it is still under way.
   */
  async requeue(followUpId: string, actor: Actor): Promise<CallEntity> {
    return this.writer.run(async (tx) => {
      // Calls before follow-ups, as a dial's result locks them: read, lock the original call, then the follow-up.
      const callId = await this.callIdOfFollowUp(tx, followUpId);
      const original = callId ? await tx.lockCall(callId) : null;
      const followUp = await this.lockFollowUp(tx, followUpId);
      if (!original || !followUp) throw new CallbackConflictError('This follow-up is gone');
      if (followUp.kind !== FollowUpKind.Callback || (followUp.status !== FollowUpStatus.Open && followUp.status !== FollowUpStatus.InProgress)) {
        throw new CallbackConflictError('Only an open callback follow-up can be sent as a call');
      }
      if (followUp.callback_call_id) {
        const current = await tx.manager.findOneBy(CallEntity, { id: followUp.callback_call_id });
        if (current && !isTerminal(current.state)) throw new CallbackConflictError('A callback call for this follow-up is already under way');
      }
      const callback = await this.createForFollowUpWithin(tx, followUpId, original);
      if (!callback) throw new CallbackNeedsNumberError();
      await this.audit.record({ actor, action: AuditAction.FollowUpRequeueCallback, entityType: 'follow_up', entityId: followUpId, data: { callId: callback.id } }, tx.manager);
      return callback;
    });
  }

  /**
   * A callback follow-up is being finished by hand (done or cancelled): a callback call of it not
   * yet made is taken back, inside `tx`, which must lock the call before the follow-up. One an
   * agent holds (offered, dialling, in talk) is refused: it is finished where it is.
   */
  async withdrawWithin(tx: JourneyTransaction, callbackCallId: string): Promise<void> {
    const call = await tx.lockCall(callbackCallId);
    if (!call || isTerminal(call.state)) return;
    if (call.state !== CallState.Queued && call.state !== CallState.Scheduled) throw new CallbackConflictError("This callback's call is under way: it is finished when the call is");
    const now = new Date();
    await tx.apply(call, CallAction.WithdrawCallback, { at: now, patch: { endedAt: now, completedAt: now, callbackDueAt: null } });
  }

  private async callIdOfFollowUp(tx: JourneyTransaction, followUpId: string): Promise<string | null> {
    const [row]: { call_id: string }[] = await tx.manager.query('SELECT call_id FROM follow_ups WHERE id = $1', [followUpId]);
    return row?.call_id ?? null;
  }

  private async lockFollowUp(tx: JourneyTransaction, followUpId: string): Promise<{ kind: FollowUpKind; status: FollowUpStatus; callback_call_id: string | null } | undefined> {
    const [row]: { kind: FollowUpKind; status: FollowUpStatus; callback_call_id: string | null }[] = await tx.manager.query(
      'SELECT kind, status, callback_call_id FROM follow_ups WHERE id = $1 FOR UPDATE',
      [followUpId],
    );
    return row;
  }
}
