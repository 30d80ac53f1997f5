import { AppConfig } from '@fc/config';
import { AgentState, BreakReason, CallState, FollowUpCause, JourneyEventType, OfflineReason, Outcome, PlatformEventType, type QueuePlace } from '@fc/contracts';
import { CallAction, type Assignment } from '@fc/domain';
import { recordFollowUpCause } from '@fc/jobs';
import { AgentEntity, CallEntity, pgErrorCode, topicKeyOf, writeAhead } from '@fc/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { CallbackActions } from './callback-actions.js';
import type { JourneyTransaction } from './journey-transaction.js';
import { JourneyWriter } from './journey-writer.js';
import { QueuePlacesRepository } from './queue-places.repository.js';
import { waitedSec } from './queue-wait.js';

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

/** A routing round's rows, locked by {@link RoutingActions.lockForRound}. */
export interface RoundLocks {
  calls: Map<string, CallEntity>;
  agents: Map<string, AgentEntity>;
  /** The agents among them that hold a call. */
  holding: Set<string>;
}

/** A caller hears a new place or wait at most this often (DESIGN §11). */
export const POSITION_ANNOUNCE_INTERVAL_SEC = 10;
/** Calls told of a new place per pass; the rest are told on the next. */
const MAX_POSITION_ANNOUNCEMENTS = 500;

/** Looks at an agent whose console went away, when an offer keeps moving to them between the read and the locks. */
const CONSOLE_LOST_ATTEMPTS = 4;

/**
 * What routing and the floor's clocks do to calls and agents, nobody having asked: offers and
 * escalations in a routing round's transaction, offers that ran out or whose agent's console went
 * away, wrap-ups that ran past their time. Writes only through the {@link JourneyWriter}.
 */
@Injectable()
export class RoutingActions {
  private readonly logger = new Logger(RoutingActions.name);

  constructor(
    private readonly writer: JourneyWriter,
    private readonly config: AppConfig,
    private readonly places: QueuePlacesRepository,
    private readonly callbacks: CallbackActions,
  ) {}

  /**
   * Offers each call to its agent until `expiresAt`, reserving the agent: the routing round's
   * offers, inside its transaction, as a handful of set-based statements rather than several per
   * offer. Locks every call and then every agent in id order (the order all transactions use),
   * re-checks under the locks that the call is `queued` and the agent `available` without a call,
   * and skips a pair whose call or agent moved on. Should the offers still fail to write, each pair
   * is tried on its own and the failing one skipped: one bad row never stalls the floor (DESIGN §4).
   * @param locked every pair's call and agent, as {@link lockForRound} locked them in this
   *   transaction; when not given, they are locked here.
   * @returns the pairs offered; those skipped because their offer could not be written; and the
   *   agents skipped because, under the lock, they were not free for a call (the round's floor was
   *   behind the database).
   */
  async offerManyWithin(tx: JourneyTransaction, pairs: readonly Assignment[], expiresAt: Date, locked?: RoundLocks): Promise<{ offered: Assignment[]; failed: Assignment[]; agentsNotFree: string[] }> {
    if (pairs.length === 0) return { offered: [], failed: [], agentsNotFree: [] };
    // Locked before the savepoint: rolling back to it must not let go of the rows the pairs below retry on.
    locked ??= await this.lockPairs(tx, pairs);
    const all = await tx.savepoint(() => this.offerLocked(tx, pairs, expiresAt, locked));
    if (all.ok) return { ...all.value, failed: [] };
    this.logger.warn({ code: pgErrorCode(all.error), pairs: pairs.length }, 'routing offers failed together; offering pair by pair');
    const offered: Assignment[] = [];
    const failed: Assignment[] = [];
    const agentsNotFree: string[] = [];
    for (const pair of pairs) {
      // The rows as they are after the rollback: the failed attempt changed the entities in memory.
      const one = await tx.savepoint(async () => this.offerLocked(tx, [pair], expiresAt, await this.lockPairs(tx, [pair])));
      if (one.ok) {
        offered.push(...one.value.offered);
        agentsNotFree.push(...one.value.agentsNotFree);
      } else {
        failed.push(pair);
        this.logger.warn({ code: pgErrorCode(one.error), callId: pair.callId, agentId: pair.agentId }, 'routing pair skipped: its offer could not be written');
      }
    }
    return { offered, failed, agentsNotFree };
  }

  /**
   * The calls a routing round escalates or offers, then the agents it offers them to, locked, and
   * which of those agents hold a call: statements sent together, in one round trip. PostgreSQL
   * runs them in the order sent, so the agents are locked after the calls (the order every
   * transaction locks in), and the holdings are read once the agents are locked, when they are
   * reliable. The round escalates and offers on these rows ({@link escalateManyWithin},
   * {@link offerManyWithin}), so one lock serves both.
   */
  async lockForRound(tx: JourneyTransaction, callIds: Iterable<string>, agentIds: Iterable<string>): Promise<RoundLocks> {
    const calls = [...new Set(callIds)];
    const agents = [...new Set(agentIds)];
    const none = Promise.resolve([]);
    const [lockedCalls, lockedAgents, holding] = await Promise.all([calls.length > 0 ? tx.lockCalls(calls) : none, agents.length > 0 ? tx.lockAgents(agents) : none, tx.agentsHoldingCalls(agents)]);
    return { calls: new Map(lockedCalls.map((c) => [c.id, c])), agents: new Map(lockedAgents.map((a) => [a.id, a])), holding };
  }

  private lockPairs(tx: JourneyTransaction, pairs: readonly Assignment[]): Promise<RoundLocks> {
    return this.lockForRound(
      tx,
      pairs.map((p) => p.callId),
      pairs.map((p) => p.agentId),
    );
  }

  /** The offers of {@link offerManyWithin}, on rows this transaction has locked: checked and written. */
  private async offerLocked(
    tx: JourneyTransaction,
    pairs: readonly Assignment[],
    expiresAt: Date,
    { calls, agents, holding }: RoundLocks,
  ): Promise<{ offered: Assignment[]; agentsNotFree: string[] }> {
    const now = new Date();
    // An endpoint cleared since routing read the floor counts too, while the platform requires one.
    const free = (agentId: string) => {
      const agent = agents.get(agentId);
      return agent?.state === AgentState.Available && (!this.config.telephonyRequireEndpoints || agent.endpoint !== null) && !holding.has(agentId);
    };
    const agentsNotFree: string[] = [];
    const offers: { call: CallEntity; agent: AgentEntity }[] = [];
    for (const { callId, agentId } of pairs) {
      const call = calls.get(callId);
      if (!free(agentId)) agentsNotFree.push(agentId);
      else if (call?.state === CallState.Queued) offers.push({ call, agent: agents.get(agentId)! });
    }
    if (offers.length === 0) return { offered: [], agentsNotFree };
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
      true,
    );
    await tx.platformEvents(
      PlatformEventType.Ringing,
      offers.map(({ call, agent }) => ({ call, data: { agentId: agent.id, endpoint: agent.endpoint, expiresAt: expiresAt.toISOString() } })),
    );
    return { offered: offers.map(({ call, agent }) => ({ callId: call.id, agentId: agent.id })), agentsNotFree };
  }

  /**
   * Records that routing moved waiting calls to other escalation steps, inside the round's
   * transaction, on the calls {@link lockForRound} locked. The steps calls start on by themselves
   * (`silent`) are written in one UPDATE: each arrival's first round notes one, and a round had
   * sent a lock and an UPDATE for each call (decision 0050). A call no longer waiting, or already
   * at its step, is left as it is.
   */
  async escalateManyWithin(tx: JourneyTransaction, steps: ReadonlyMap<string, EscalationRecord>, locked: RoundLocks): Promise<void> {
    if (steps.size === 0) return;
    const silent: CallEntity[] = [];
    for (const id of [...steps.keys()].sort()) {
      const call = locked.calls.get(id);
      if (!call) continue;
      const step = steps.get(call.id)!;
      if (call.state !== CallState.Queued || call.escalationStep === step.stepIndex) continue;
      const callbackOffered = step.offerCallback && !call.callbackOfferedAt;
      call.escalationStep = step.stepIndex;
      if (callbackOffered) call.callbackOfferedAt = new Date();
      if (callbackOffered) tx.platformEvent(call, PlatformEventType.CallbackOffer, { topicKey: await topicKeyOf(tx.manager, call.topicId) });
      if (step.silent) {
        silent.push(call);
        continue;
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
    }
    if (silent.length === 0) return;
    // Nothing waits for its answer: it goes with the round's next statement.
    await writeAhead(tx.manager, {
      sql: `UPDATE calls SET escalation_step = v.step, callback_offered_at = v.callback_offered_at, updated_at = now()
              FROM unnest($1::uuid[], $2::int[], $3::timestamptz[]) AS v(id, step, callback_offered_at)
             WHERE calls.id = v.id`,
      values: [silent.map((c) => c.id), silent.map((c) => c.escalationStep), silent.map((c) => c.callbackOfferedAt)],
    });
  }

  /** Offers whose time ran out go back to the queue; the agent goes on break `missed` (RONA). */
  async expireOffer(callId: string): Promise<boolean> {
    return this.writer.run(async (tx) => {
      const call = await tx.lockCall(callId);
      if (call?.state !== CallState.Offered || !call.offerExpiresAt || call.offerExpiresAt.getTime() > Date.now()) return false;
      const agentId = call.agentId!;
      const agent = await tx.lockAgent(agentId);
      await tx.apply(call, CallAction.ExpireOffer, { agentId, patch: { agentId: null, offerExpiresAt: null } });
      if (agent?.state === AgentState.Reserved) await tx.setAgentState(agent, AgentState.Break, BreakReason.Missed, call.id);
      // After the agent's move: the estimate counts the agents as they are once this commits.
      await this.announceRequeued(tx, call);
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
      const outcome = await this.writer.run(async (tx) => {
        const { call, agent } = await tx.lockOfferThenAgent(agentId);
        if (agent?.state !== AgentState.Available && agent?.state !== AgentState.Reserved) return 'unchanged';
        const offer = call?.state === CallState.Offered && call.agentId === agentId ? call : null;
        // Reserved by an offer made after the read above: let go of the locks and look again.
        if (agent.state === AgentState.Reserved && !offer) return 'offer_moved';
        if (offer) await tx.apply(offer, CallAction.RevokeOffer, { agentId, patch: { agentId: null, offerExpiresAt: null }, data: { reason: OfflineReason.ConsoleLost } });
        await tx.setAgentState(agent, AgentState.Offline, OfflineReason.ConsoleLost, offer?.id ?? null);
        if (offer) await this.announceRequeued(tx, offer);
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
    return this.writer.run(async (tx) => {
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
      await this.callbacks.completedWithin(tx, call, now);
      // The agent gets a to-do: record what happened (DESIGN §4).
      await recordFollowUpCause(tx.manager, call.id, FollowUpCause.OutcomeNotRecorded, now);
      return true;
    });
  }

  /**
   * Tells the platform of every queued call whose place or expected wait changed since it last
   * heard (its `call.queued`, `call.requeued` or `call.position`), if that was at least
   * {@link POSITION_ANNOUNCE_INTERVAL_SEC} ago: `call.position`. Locks the calls it announces that
   * no one else holds (in id order, no agents, never waiting) and re-reads their places under the locks.
   * @returns how many calls were told.
   */
  async announcePlaces(): Promise<number> {
    return this.writer.run(async (tx) => {
      const places = await this.places.placesOfAllQueued(tx.manager);
      if (places.size === 0) return 0;
      const due = await this.placesDue(tx, places);
      if (due.length === 0) return 0;
      // A call some change holds now is announced on the next pass.
      const calls = await tx.lockFreeCalls(due.slice(0, MAX_POSITION_ANNOUNCEMENTS));
      const current = await this.places.placesOf(
        tx.manager,
        calls.map((c) => c.id),
      );
      const announced = await this.placesDue(tx, current);
      const byId = new Map(calls.map((c) => [c.id, c]));
      await tx.platformEvents(
        PlatformEventType.Position,
        announced.map((id) => ({ call: byId.get(id)!, data: current.get(id)! })),
      );
      return announced.length;
    });
  }

  /** The calls among `places` whose place differs from the last one the platform heard, heard long enough ago; in id order. */
  private async placesDue(tx: JourneyTransaction, places: Map<string, QueuePlace>): Promise<string[]> {
    const heard = await this.places.lastHeardPlaces(tx.manager, [...places.keys()], POSITION_ANNOUNCE_INTERVAL_SEC);
    return [...places]
      .filter(([callId, place]) => {
        const before = heard.get(callId);
        // A call the platform never heard queue (a callback waiting for its caller to be dialled) has no caller in line to tell.
        return before !== undefined && before.longAgo && (before.position !== place.position || before.estimatedWaitSec !== place.estimatedWaitSec);
      })
      .map(([callId]) => callId)
      .sort();
  }

  /** The caller is back in line: the platform moves their leg and announces the new place. */
  private async announceRequeued(tx: JourneyTransaction, call: CallEntity): Promise<void> {
    tx.platformEvent(call, PlatformEventType.Requeued, await this.places.placeOfQueued(tx.manager, call.id));
  }
}
