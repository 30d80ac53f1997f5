import { AppConfig } from '@fc/config';
import { RoutingStrategy } from '@fc/contracts';
import { stepReachedAt, type Assignment } from '@fc/domain';
import { JourneyWriter, RoutingActions, type EscalationRecord } from '@fc/journey';
import { ROUTING_ROUND_LOCK, writeAhead } from '@fc/persistence';
import { FloorChangeFeed } from '@fc/realtime/feed';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { CallRouter } from './call-router.js';
import { RoutingCandidatesRepository } from './routing-candidates.repository.js';
import { RoutingConnection } from './routing-connection.js';
import { RoutingFloor } from './routing-floor.js';
import { RoutingLease, type RoutingLeaseHolder } from './routing-lease.js';

/** How long this process leaves out an agent whose offer could not be written, so a bad row costs one failure, not one per round. */
const FAILED_AGENT_BENCH_MS = 30_000;
/** Re-plans in one round after pairs were skipped: each pass leaves the skipped agents out, so this bounds the round, not the offers. */
const MAX_PLAN_PASSES = 3;
/** When a former leader's round still holds the round lock, the new leader asks again this much later. */
const ROUND_LOCK_RETRY_MS = 50;

/**
 * The routing engine (DESIGN §4, docs/decisions/0053). Only the routing leader, the api process
 * holding the {@link RoutingLease}, runs rounds; it keeps the floor's agents in memory
 * ({@link RoutingFloor}), fed by the change feed, and every change after which a round could pair
 * more (an agent newly free, a call newly waiting, topics edited) asks it for one, whichever
 * process made the change. Other processes run none: their requests are met by the leader's feed.
 *
 * A round runs in one transaction holding {@link ROUTING_ROUND_LOCK}, on a connection of its own
 * ({@link RoutingConnection}): it reads the waiting calls, asks the pure policy (the floor's
 * `RoutingIndex`) for escalation states and pairs on the floor in memory, locks the calls it
 * escalates or offers and the agents it offers to, records escalations in the journey, and offers
 * each pair. Every offer re-checks both rows under their row locks, so a floor behind the
 * database, two rounds, or a round and an agent going on break, can never give one agent two
 * calls. A round costs four round trips (docs/decisions/0063): the lock with the waiting calls;
 * the rows' locks; the escalations and offers, sent ahead of the savepoint's release; the round's
 * record with the COMMIT.
 */
@Injectable()
export class SkillBasedRouter extends CallRouter implements OnApplicationBootstrap, BeforeApplicationShutdown, RoutingLeaseHolder {
  private readonly logger = new Logger(SkillBasedRouter.name);
  private current: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  private dueTimer: NodeJS.Timeout | undefined;
  private dueAt = Infinity;
  private stopping = false;
  /** The floor while this process leads and has loaded it; rounds run only then. */
  private floor: RoutingFloor | null = null;
  /** The rounds' own pool ({@link RoutingConnection}), open while this process leads. */
  private pool: DataSource | null = null;
  /** The floor being loaded or kept while this process leads. */
  private leadingFloor: RoutingFloor | null = null;
  /** Agents whose offer failed to write, left out of this process's rounds until the time given. */
  private readonly benched = new Map<string, number>();

  constructor(
    private readonly journey: JourneyWriter,
    private readonly routingActions: RoutingActions,
    private readonly candidates: RoutingCandidatesRepository,
    private readonly lease: RoutingLease,
    private readonly feed: FloorChangeFeed,
    private readonly connection: RoutingConnection,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.lease.start(this);
  }

  /** Listens to the feed, loads the floor, then runs a round for whatever waited meanwhile. */
  async leading(): Promise<void> {
    const floor = new RoutingFloor(
      () => this.candidates.findFloorAgents(this.dataSource.manager),
      () => void this.requestRound(),
      this.config.telephonyRequireEndpoints,
    );
    this.leadingFloor = floor;
    const pool = await this.connection.open();
    if (this.leadingFloor !== floor) return;
    this.pool = pool;
    await this.feed.attach(floor);
    // Lost the lease while loading: `notLeading` has detached this floor already.
    if (this.leadingFloor !== floor) return;
    this.floor = floor;
    void this.requestRound();
  }

  notLeading(): void {
    if (this.leadingFloor) this.feed.detach(this.leadingFloor);
    this.leadingFloor = null;
    this.floor = null;
    this.pool = null;
    clearTimeout(this.dueTimer);
    this.dueAt = Infinity;
  }

  requestRound(): Promise<void> {
    if (this.stopping || !this.floor || !this.pool) return Promise.resolve();
    if (!this.current) {
      this.current = this.runRound(this.floor, this.pool).finally(() => (this.current = null));
      return this.current;
    }
    // A round is running and may have read before the caller's change: share one follow-up round.
    this.next ??= this.current.then(() => {
      this.next = null;
      return this.requestRound();
    });
    return this.next;
  }

  /** Takes no new rounds and lets the one in hand commit, before the database pool closes and the lease goes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.dueTimer);
    await this.next;
    await this.current;
    await this.connection.close();
  }

  private async runRound(floor: RoutingFloor, pool: DataSource): Promise<void> {
    const started = performance.now();
    const lap: Record<string, number> = {};
    const mark = (name: string) => (lap[name] = Math.round(performance.now() - started));
    try {
      const round = await this.journey.run(
        async (tx) => {
          // The lock and the waiting calls in one round trip: PostgreSQL runs a connection's statements
          // in the order sent, so the calls are read after the lock is taken, as if one waited for the other.
          const [[{ locked, started_at: startedAt, snapshot }], calls] = await Promise.all([
            tx.manager.query(`SELECT pg_try_advisory_xact_lock($1) AS locked, clock_timestamp() AS started_at, pg_current_snapshot()::text AS snapshot`, [ROUTING_ROUND_LOCK]) as Promise<
              { locked: boolean; started_at: Date; snapshot: string }[]
            >,
            this.candidates.findWaitingCalls(tx.manager),
          ]);
          if (!locked) return null;
          mark('calls');
          if (calls.length === 0) return { offered: [], agentsNotFree: [], nextDueAt: Infinity, waiting: 0, versions: new Map<string, number>() };
          if (calls.some((c) => c.topic.strategy === RoutingStrategy.LeastOccupied)) {
            const agentIds = floor.availableAgentIds();
            floor.setOccupancy(agentIds, await this.candidates.occupancyToday(tx.manager, agentIds));
          }
          mark('agents');
          const now = new Date();
          const benched = this.benchedNow();
          // The row versions planned on, read in the same tick as each plan: the feed may move the floor at any await.
          const versions = new Map<string, number>();
          const planned = (assignments: Assignment[]) => {
            for (const { agentId } of assignments) versions.set(agentId, floor.versionOf(agentId)!);
            return assignments;
          };
          const plan = floor.plan(calls, now, benched);
          planned(plan.assignments);
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
          // The calls it escalates or offers and the agents it offers them to, locked once for both.
          const rows = await this.routingActions.lockForRound(
            tx,
            [...escalations.keys(), ...plan.assignments.map((a) => a.callId)],
            plan.assignments.map((a) => a.agentId),
          );
          await this.routingActions.escalateManyWithin(tx, escalations, rows);
          const escalated = escalations.size;

          // A pair whose offer cannot be written, or whose agent the floor in memory still thought
          // free, is skipped and the rest offered; the calls it left waiting are planned again, in
          // this round, with the agents nobody has been offered to.
          const expiresAt = new Date(now.getTime() + this.config.offerTimeoutSec * 1000);
          const pairedCalls = new Set<string>();
          const pairedAgents = new Set<string>();
          const offered: Assignment[] = [];
          const agentsNotFree = new Set<string>();
          let assignments = plan.assignments;
          for (let pass = 1; assignments.length > 0; pass++) {
            // A later pass's pairs may hold rows the first lock did not take: they are locked then.
            const result = await this.routingActions.offerManyWithin(tx, assignments, expiresAt, pass === 1 ? rows : undefined);
            offered.push(...result.offered);
            for (const pair of result.offered) {
              pairedCalls.add(pair.callId);
              pairedAgents.add(pair.agentId);
            }
            for (const agentId of result.agentsNotFree) agentsNotFree.add(agentId);
            if ((result.failed.length === 0 && result.agentsNotFree.length === 0) || pass === MAX_PLAN_PASSES) break;
            for (const { agentId } of result.failed) {
              this.benched.set(agentId, Date.now() + FAILED_AGENT_BENCH_MS);
              benched.add(agentId);
            }
            const rest = floor.plan(
              calls.filter((c) => !pairedCalls.has(c.id)),
              now,
              [...benched, ...pairedAgents, ...agentsNotFree],
            );
            assignments = planned(rest.assignments);
          }
          mark('offered');
          // Nothing waits for its answer: it goes with the COMMIT.
          await writeAhead(tx.manager, {
            sql: `INSERT INTO routing_rounds (started_at, finished_at, snapshot, xact_id, waiting, offered, escalated)
                VALUES ($1, clock_timestamp(), $2, pg_current_xact_id()::text::bigint, $3, $4, $5)`,
            values: [startedAt, snapshot, calls.length, offered.length, escalated],
          });
          return { offered, agentsNotFree: [...agentsNotFree], nextDueAt, waiting: calls.length, versions };
        },
        { pool },
      );
      if (!round) {
        // A former leader's round holds the lock: ask again once it has committed.
        setTimeout(() => void this.requestRound(), ROUND_LOCK_RETRY_MS).unref();
        return;
      }
      mark('committed');
      const { offered, agentsNotFree, nextDueAt, waiting, versions } = round;
      // Until the feed brings their newer rows, the floor would show these agents as they were planned.
      for (const { agentId } of offered) floor.hide(agentId, versions.get(agentId)!);
      for (const agentId of agentsNotFree) floor.hide(agentId, versions.get(agentId)!);
      if (offered.length > 0) this.logger.debug({ offered: offered.length, waiting, ms: lap }, 'routing round');
      this.scheduleDueRound(nextDueAt);
    } catch (error) {
      // The periodic tick runs another round; a failed round must not take the process down.
      this.logger.error({ err: error }, 'routing round failed');
    }
  }

  /** The agents this process still leaves out of rounds (they still count for escalation's skip test). */
  private benchedNow(): Set<string> {
    const now = Date.now();
    for (const [agentId, until] of this.benched) if (until <= now) this.benched.delete(agentId);
    return new Set(this.benched.keys());
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
