import { AppConfig } from '@fc/config';
import { AgentState, CallDirection, CallState, FollowUpCause, JourneyEventType, PlatformEventType, languageSkillKey } from '@fc/contracts';
import { CallAction, IllegalTransitionError, isTerminal, repeatedContact, startingStep, type EarlierContact } from '@fc/domain';
import { recordFollowUpCause } from '@fc/jobs';
import { CallEntity, CallEventEntity, CallerNumberEntity, EntityRows, type TopicEntity } from '@fc/persistence';
import { Injectable } from '@nestjs/common';
import { CallbackActions } from './callback-actions.js';
import { CallerIdentityService } from './caller-identity.service.js';
import { CallNotFoundError, CallbackNeedsNumberError, ReplayMismatchError, UnknownLanguageError, UnknownTopicError } from './journey-errors.js';
import type { JourneyTransaction } from './journey-transaction.js';
import { JourneyWriter } from './journey-writer.js';
import { QueuePlacesRepository } from './queue-places.repository.js';
import { waitedSec } from './queue-wait.js';

/** What an arrival needs of its topic. */
type ArrivalTopic = Pick<TopicEntity, 'id' | 'key' | 'priority' | 'serviceLevelThresholdSec' | 'escalationSteps'>;

export interface ReceiveCallInput {
  externalId: string;
  callerNumber?: string;
  topicKey: string;
  language: string;
}

/**
 * What the caller does, as the telephony platform reports it: the call arrives from the IVR, the
 * caller hangs up, or chooses to be called back. Writes only through the {@link JourneyWriter}.
 */
@Injectable()
export class CallerActions {
  constructor(
    private readonly writer: JourneyWriter,
    private readonly config: AppConfig,
    private readonly callers: CallerIdentityService,
    private readonly places: QueuePlacesRepository,
    private readonly callbacks: CallbackActions,
  ) {}

  /**
   * A call chose a topic in the IVR: it arrives and joins the topic's queue.
   * Idempotent on `externalId`: a replay returns the existing call with `created: false`; the
   * same `externalId` with another topic, language or caller (compared by caller key) is refused.
   */
  async receiveCall(input: ReceiveCallInput): Promise<{ call: CallEntity; created: boolean }> {
    const caller = this.callers.identify(input.callerNumber);
    return this.writer.run(async (tx) => {
      const now = new Date();
      const { topic, call, earlier } = await this.insertArrival(tx, input, caller?.callerKey ?? null, now);
      if (!call) {
        const known = await tx.manager.findOneByOrFail(CallEntity, { externalId: input.externalId });
        // A replay is the same arrival again; anything else under the same id is a platform bug, not this call.
        const arrival = await tx.manager.findOneBy(CallEventEntity, { callId: known.id, type: JourneyEventType.Arrived });
        const arrivedTopicKey = (arrival?.data as { topicKey?: string } | undefined)?.topicKey ?? topic.key;
        if (arrivedTopicKey !== topic.key || known.language !== input.language || known.callerKey !== (caller?.callerKey ?? null)) throw new ReplayMismatchError(input.externalId);
        return { call: known, created: false };
      }

      // The number, the arrival and the queueing go in one statement, the call's write.
      if (caller) tx.ride({ sql: 'INSERT INTO caller_numbers (call_id, phone_e164) VALUES ($1, $2)', values: [call.id, caller.e164] });
      tx.announceNewCall(call, null);
      // The visit's topic and threshold as they are now: the metrics judge this wait by them, whatever changes later.
      await tx.apply(call, CallAction.Queue, {
        at: now,
        // At the step its topic reaches at 0 s: the first round then writes nothing but the offer.
        patch: { queuedAt: now, waitingSince: now, escalationStep: startingStep(topic.escalationSteps) },
        data: { topicKey: topic.key, topicId: topic.id, serviceLevelThresholdSec: topic.serviceLevelThresholdSec, priority: call.priority },
        earlierEvents: [{ type: JourneyEventType.Arrived, data: { direction: call.direction, topicKey: topic.key, language: call.language, numberWithheld: !caller } }],
      });
      if (call.callerKey) await this.detectRepeatContact(tx, call, earlier, now);
      // The call was created in this transaction: nobody else can write its events before commit.
      tx.platformEvent(call, PlatformEventType.Queued, await this.places.placeOfQueued(tx.manager, call.id));
      return { call, created: true };
    });
  }

  /**
   * The active topic the caller chose, a check that their language is one the line knows, the
   * new call's row as the database made it (its id and defaults), and the caller's earlier calls
   * about the topic within the repeat window, in one statement: every arrival asks all four.
   * Unknown topic first, then unknown language; no call when a call with this externalId exists (a
   * replay). The earlier calls are read in the statement's snapshot, which the new row is not in.
   */
  private async insertArrival(
    tx: JourneyTransaction,
    input: ReceiveCallInput,
    callerKey: string | null,
    now: Date,
  ): Promise<{ topic: ArrivalTopic; call: CallEntity | null; earlier: EarlierContact[] }> {
    const calls = EntityRows.of(tx.manager, CallEntity);
    type Row = Record<string, unknown> & {
      'topic.id': string | null;
      'topic.key': string;
      'topic.priority': number;
      'topic.serviceLevelThresholdSec': number;
      'topic.escalationSteps': TopicEntity['escalationSteps'];
      languageKnown: boolean;
      earlier: { id: string; topicId: string; arrivedAt: string; lastTransferAt: string | null }[];
    };
    const windowStart = new Date(now.getTime() - this.config.repeatWindowDays * 86_400_000);
    const [row]: Row[] = await tx.manager.query(
      `WITH topic AS MATERIALIZED (
         SELECT t.id AS "topic.id", t.key AS "topic.key", t.priority AS "topic.priority", t.service_level_threshold_sec AS "topic.serviceLevelThresholdSec",
                t.escalation_steps AS "topic.escalationSteps",
                EXISTS (SELECT 1 FROM skills WHERE key = $2) AS "languageKnown"
           FROM (SELECT 1) one LEFT JOIN topics t ON t.key = $1 AND t.active
       ),
       inserted AS (
         INSERT INTO calls (external_id, direction, state, topic_id, language, priority, caller_key, arrived_at)
         SELECT $3, $4, $5, topic."topic.id", $6, topic."topic.priority", $7, $8 FROM topic WHERE topic."topic.id" IS NOT NULL AND topic."languageKnown"
         ON CONFLICT DO NOTHING RETURNING ${calls.columnsPrefixed('call.')}
       ),
       earlier AS (
         SELECT coalesce(json_agg(json_build_object('id', c.id, 'topicId', c.topic_id, 'arrivedAt', c.arrived_at,
                  'lastTransferAt', (SELECT max(e.at) FROM call_events e WHERE e.call_id = c.id AND e.type = $10)) ORDER BY c.arrived_at DESC), '[]') AS earlier
           FROM (SELECT c.id, c.topic_id, c.arrived_at FROM calls c
                  WHERE c.caller_key = $7 AND c.topic_id = (SELECT "topic.id" FROM topic) AND c.arrived_at >= $9 ORDER BY c.arrived_at DESC LIMIT 20) c
       )
       SELECT topic.*, inserted.*, earlier.earlier FROM topic LEFT JOIN inserted ON true CROSS JOIN earlier`,
      [input.topicKey, languageSkillKey(input.language), input.externalId, CallDirection.Inbound, CallState.Arrived, input.language, callerKey, now, windowStart, JourneyEventType.Transferred],
    );
    if (!row?.['topic.id']) throw new UnknownTopicError(input.topicKey);
    if (!row.languageKnown) throw new UnknownLanguageError(input.language);
    const topic = {
      id: row['topic.id'],
      key: row['topic.key'],
      priority: row['topic.priority'],
      serviceLevelThresholdSec: row['topic.serviceLevelThresholdSec'],
      escalationSteps: row['topic.escalationSteps'],
    };
    const earlier = row.earlier.map((c) => ({ id: c.id, topicId: c.topicId, arrivedAt: new Date(c.arrivedAt), lastTransferAt: c.lastTransferAt === null ? null : new Date(c.lastTransferAt) }));
    return { topic, call: calls.entityPrefixed(row, 'call.'), earlier };
  }

  /**
   * Links a new call to the earlier one it repeats (same caller key and topic, within the window;
   * DESIGN §7) and marks that one as not resolved for the repeat-adjusted FCR, in the call's own
   * transaction so the figures and the journey never disagree.
   */
  private async detectRepeatContact(tx: JourneyTransaction, call: CallEntity, candidates: readonly EarlierContact[], now: Date): Promise<void> {
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

  /** The caller hung up: abandoned while waiting, or the talk ended while connected. */
  async hangUp(callId: string): Promise<CallEntity> {
    return this.writer.run(async (tx) => {
      const call = await tx.lockCall(callId);
      if (!call) throw new CallNotFoundError();
      const now = new Date();
      if (call.state === CallState.Connected) {
        const agent = await tx.lockAgentOrFail(call.agentId!);
        await tx.apply(call, CallAction.EndTalk, { at: now, agentId: agent.id, patch: { endedAt: now }, data: { by: 'caller' }, agentState: { agent, state: AgentState.WrapUp } });
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
    return this.writer.run(async (tx) => {
      const call = await tx.lockCall(callId);
      if (!call) throw new CallNotFoundError();
      const number = await tx.manager.findOneBy(CallerNumberEntity, { callId });
      if (!number) {
        if (call.state !== CallState.Queued) throw new IllegalTransitionError(call.state, CallAction.RequestCallback);
        throw new CallbackNeedsNumberError();
      }
      const now = new Date();
      await tx.apply(call, CallAction.RequestCallback, { at: now, patch: { endedAt: now, completedAt: now }, data: { waitedSec: waitedSec(call, now) } });

      // The callback keeps the caller's place and age: queue position and escalation both (DESIGN §4).
      const callback = await this.callbacks.createWithin(tx, call, number.phoneE164, {
        externalId: `${call.externalId}:callback`,
        queuedAt: call.queuedAt ?? now,
        waitingSince: call.waitingSince ?? now,
        escalationStep: call.escalationStep,
      });
      return { call, callback };
    });
  }
}
