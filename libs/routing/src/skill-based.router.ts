import { AppConfig } from '@fc/config';
import { RoutingStrategy } from '@fc/contracts';
import { planRound, stepReachedAt } from '@fc/domain';
import { JourneyWriter, RoutingActions, type EscalationRecord } from '@fc/journey';
import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { CallRouter } from './call-router.js';
import { RoutingCandidatesRepository } from './routing-candidates.repository.js';

/** One routing round at a time across every api process: the round holds this advisory lock. */
export const ROUTING_ROUND_LOCK = 0x02800;

/** How long this process leaves out an agent whose offer could not be written, so a bad row costs one failure, not one per round. */
const FAILED_AGENT_BENCH_MS = 30_000;
/** Re-plans in one round after pairs failed: each pass leaves the failed agents out, so this bounds the round, not the offers. */
const MAX_PLAN_PASSES = 3;

/**
 * The routing engine (DESIGN §4). A round runs in one transaction holding
 * {@link ROUTING_ROUND_LOCK}: it reads the waiting calls and the logged-in floor, asks the pure
 * policy (`planRound`) for escalation states and pairs, records escalations in the journey, and
 * offers each pair. Every offer re-checks both rows under their row locks, so two rounds, or a
 * round and an agent going on break, can never give one agent two calls.
 *
 * Requests for a round coalesce across processes (decision 0049), as they do within one: each
 * takes a number from `routing_round_requests` and tries the lock without waiting. The holder
 * notes the last number taken before it reads the floor, and after its commit runs once more if a
 * number was taken since. A request is served by a round that read after it, whichever process
 * runs it; if that process dies first, every process's periodic tick runs one.
 */
@Injectable()
export class SkillBasedRouter extends CallRouter implements BeforeApplicationShutdown {
  private readonly logger = new Logger(SkillBasedRouter.name);
  private current: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  private dueTimer: NodeJS.Timeout | undefined;
  private dueAt = Infinity;
  private stopping = false;
  /** Agents whose offer failed to write, left out of this process's rounds until the time given. */
  private readonly benched = new Map<string, number>();

  constructor(
    private readonly journey: JourneyWriter,
    private readonly routingActions: RoutingActions,
    private readonly candidates: RoutingCandidatesRepository,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    super();
  }

  requestRound(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    if (!this.current) {
      this.current = this.runRound().finally(() => (this.current = null));
      return this.current;
    }
    // A round is running and may have read before the caller's change: share one follow-up round.
    this.next ??= this.current.then(() => {
      this.next = null;
      return this.requestRound();
    });
    return this.next;
  }

  /** Takes no new rounds and lets the one in hand commit, before the database pool closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.dueTimer);
    await this.next;
    await this.current;
  }

  private async runRound(): Promise<void> {
    const started = performance.now();
    const lap: Record<string, number> = {};
    const mark = (name: string) => (lap[name] = Math.round(performance.now() - started));
    try {
      const round = await this.journey.run(async (tx) => {
        // The request first, then the lock: a holder that read its numbers before this one runs again.
        // Then what this round can see: its reads come after, so they see at least this much, and
        // every change whose round was asked for up to `served`. One statement: the subquery (kept
        // apart by OFFSET 0) takes the number and tries the lock before its row is projected, and
        // `served` is read when it is, so after this round's own number.
        const [{ locked, started_at: startedAt, snapshot, served }] = await tx.manager.query(
          `SELECT attempt.locked, clock_timestamp() AS started_at, pg_current_snapshot()::text AS snapshot,
                  (SELECT last_value FROM routing_round_requests) AS served
             FROM (SELECT nextval('routing_round_requests') IS NOT NULL AND pg_try_advisory_xact_lock($1) AS locked OFFSET 0) attempt`,
          [ROUTING_ROUND_LOCK],
        );
        if (!locked) return null;
        mark('locked');
        const calls = await this.candidates.findWaitingCalls(tx.manager);
        mark('calls');
        if (calls.length === 0) return { offered: 0, nextDueAt: Infinity, waiting: 0, served: served as string };
        const needsOccupancy = calls.some((c) => c.topic.strategy === RoutingStrategy.LeastOccupied);
        const agents = this.withoutBenched(await this.candidates.findLoggedInAgents(tx.manager, needsOccupancy, this.config.telephonyRequireEndpoints));
        mark('agents');
        const now = new Date();
        const plan = planRound(calls, agents, now);
        mark('planned');

        let nextDueAt = Infinity;
        const escalations = new Map<string, EscalationRecord>();
        for (const [i, call] of calls.entries()) {
          const state = plan.escalations[i]!;
          if (state.nextStepAtSec !== null) nextDueAt = Math.min(nextDueAt, call.waitingSince.getTime() + state.nextStepAtSec * 1000);
          if (state.stepIndex === call.escalationStep) continue;
          escalations.set(call.id, {
            fromStep: call.escalationStep,
            stepIndex: state.stepIndex,
            minProficiency: state.requirement.minProficiency,
            includeGeneralists: state.requirement.includeGeneralists,
            offerCallback: state.offerCallback,
            skipped: state.skipped,
            silent: call.escalationStep === -1 && state.skipped === 0 && state.stepIndex === stepReachedAt(call.topic, 0),
          });
        }
        await this.routingActions.escalateManyWithin(tx, escalations);
        const escalated = escalations.size;

        // A pair whose offer cannot be written is skipped and the rest offered; the calls it left
        // waiting are planned again, in this round, with the agents nobody has been offered to.
        const expiresAt = new Date(now.getTime() + this.config.offerTimeoutSec * 1000);
        const paired = new Set<string>();
        let assignments = plan.assignments;
        let offered = 0;
        for (let pass = 1; assignments.length > 0; pass++) {
          const result = await this.routingActions.offerManyWithin(tx, assignments, expiresAt);
          offered += result.offered.length;
          for (const pair of result.offered) paired.add(pair.callId).add(pair.agentId);
          if (result.failed.length === 0 || pass === MAX_PLAN_PASSES) break;
          for (const { agentId } of result.failed) this.benched.set(agentId, Date.now() + FAILED_AGENT_BENCH_MS);
          const rest = planRound(
            calls.filter((c) => !paired.has(c.id)),
            this.withoutBenched(agents.map((a) => (paired.has(a.id) ? { ...a, available: false } : a))),
            now,
          );
          assignments = rest.assignments;
        }
        mark('offered');
        await tx.manager.query(
          `INSERT INTO routing_rounds (started_at, finished_at, snapshot, xact_id, waiting, offered, escalated)
           VALUES ($1, clock_timestamp(), $2, pg_current_xact_id()::text::bigint, $3, $4, $5)`,
          [startedAt, snapshot, calls.length, offered, escalated],
        );
        return { offered, nextDueAt, waiting: calls.length, served: served as string };
      });
      // Another process's round holds the lock: it will run again for this request.
      if (!round) return;
      mark('committed');
      const { offered, nextDueAt, waiting, served } = round;
      if (offered > 0) this.logger.debug({ offered, waiting, ms: lap }, 'routing round');
      this.scheduleDueRound(nextDueAt);
      // Requests that came while this round held the lock, from any process, may have found it held.
      const [{ asked }] = await this.dataSource.query('SELECT last_value AS asked FROM routing_round_requests');
      if (BigInt(asked as string) > BigInt(served)) void this.requestRound();
    } catch (error) {
      // The periodic tick runs another round; a failed round must not take the process down.
      this.logger.error({ err: error }, 'routing round failed');
    }
  }

  /** The agents with the benched ones marked unavailable (they still count for escalation's skip test). */
  private withoutBenched<A extends { id: string; available: boolean }>(agents: A[]): A[] {
    if (this.benched.size === 0) return agents;
    const now = Date.now();
    for (const [agentId, until] of this.benched) if (until <= now) this.benched.delete(agentId);
    return agents.map((a) => (a.available && this.benched.has(a.id) ? { ...a, available: false } : a));
  }

  /** Runs a round when the next escalation step falls due, rather than waiting for the tick. */
  private scheduleDueRound(at: number): void {
    if (!Number.isFinite(at) || at >= this.dueAt) return;
    clearTimeout(this.dueTimer);
    this.dueAt = at;
    this.dueTimer = setTimeout(
      () => {
        this.dueAt = Infinity;
        void this.requestRound();
      },
      Math.max(20, at - Date.now()),
    );
    this.dueTimer.unref();
  }
}
