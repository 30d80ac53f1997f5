import {
  AgentState,
  JobName,
  PLATFORM_EVENT_JOB_ID_INFIX,
  PlatformEventType,
  QUEUE_OF_JOB,
  type AgentStateReason,
  CallState,
  type JourneyEventType,
  type JsonObject,
  type PendingDomainEvent,
  type PlatformEventData,
} from '@fc/contracts';
import { AGENT_HOLDING_CALL_STATES, isCallbackNotReached, isTerminal, journeyEventOf, transition, type CallAction } from '@fc/domain';
import { AgentEntity, CallEntity, EntityRows, recountContributions, stateList, writeAhead, type Statement } from '@fc/persistence';
import type { EntityManager } from 'typeorm';
import { AgentNotFoundError } from './journey-errors.js';

export interface ApplyOptions {
  /** Columns that change with the transition. */
  patch?: Partial<CallEntity>;
  /** The agent the journey event is about, if any. */
  agentId?: string | null;
  data?: JsonObject;
  at?: Date;
  /**
   * The agent's own move that goes with the call's, written by the call's statement (one round trip
   * where there were two, in every accept, end and outcome): as {@link JourneyTransaction.setAgentState}
   * with this call as the cause, after the call's.
   */
  agentState?: { agent: AgentEntity; state: AgentState; reason?: AgentStateReason | null };
  /**
   * Journey events that come before this one in the call's log (an arrival's `arrived` before its
   * `queued`), written by the same statement: same time, no agent.
   */
  earlierEvents?: readonly { type: JourneyEventType; data: JsonObject }[];
}

/** Events about a caller waiting on the line. */
const CALLER_IN_LINE_EVENTS: ReadonlySet<PlatformEventType> = new Set([PlatformEventType.Queued, PlatformEventType.Position, PlatformEventType.Requeued, PlatformEventType.CallbackOffer]);

/** Raw SQL for the writing transaction's id, stamped on every journey and agent event. */
const CURRENT_XACT_ID = () => 'pg_current_xact_id()::text::bigint';

/**
 * One database transaction of the journey. Locks rows in a fixed order (call, then agents by id)
 * so concurrent changes queue instead of deadlocking, and collects the domain events to publish
 * once the transaction has committed.
 */
export class JourneyTransaction {
  readonly events: PendingDomainEvent[] = [];
  private savepoints = 0;
  /**
   * Calls this transaction moved that are finished after the move, and finished calls it changed
   * otherwise: their metrics contributions are recounted before commit. The value says whether
   * the call was already finished when it first came here, so may have contributions stored; one
   * that finished in this transaction has none (a finished call never goes back), and nothing of
   * it is deleted first.
   */
  private readonly recount = new Map<string, boolean>();
  /** INSERTs that need nothing back, sent with this transaction's next write (see {@link ride}). */
  private riders: Statement[] = [];
  /** Platform events not yet written, in the order they were told (see {@link platformEvent}). */
  private platformRows: PlatformRow[] = [];

  constructor(readonly manager: EntityManager) {}

  /** A finished call changed outside a transition (a repeat contact marked it): recount its contributions too. */
  recountContributions(callId: string): void {
    this.recount.set(callId, true);
  }

  /**
   * An INSERT that needs nothing back (an audit entry): sent as part of this transaction's next
   * write of a call or of agents' states, or with the transaction's COMMIT ({@link lastWrite}), so
   * it costs no round trip of its own (decisions 0050, 0054). Its text numbers its
   * parameters from $1 and holds no other `$`.
   */
  ride(rider: Statement): void {
    this.riders.push(rider);
  }

  /** Sends the riders and platform events no write took along now, mid-transaction. */
  async flush(): Promise<void> {
    const last = this.lastWrite();
    if (last) await this.manager.query(last.sql, last.values);
  }

  /**
   * The riders and platform events no write took along, as one statement, taken from this
   * transaction; null when there are none. The journey writer sends it with the COMMIT.
   */
  lastWrite(): Statement | null {
    const values: unknown[] = [];
    const ctes = this.riderWrites(values);
    return ctes ? { sql: `WITH ${ctes} SELECT 1`, values } : null;
  }

  /**
   * The waiting riders and platform events as parts of one statement (`rider_1 AS (INSERT …
   * RETURNING 1), …`), their values pushed onto `values`; '' when none.
   */
  private riderWrites(values: unknown[]): string {
    const parts = this.riders.map(({ sql, values: own }, i) => {
      const offset = values.length;
      values.push(...own);
      return `rider_${i + 1} AS (${sql.replace(/\$(\d+)/g, (_, n: string) => `$${offset + Number(n)}`)} RETURNING 1)`;
    });
    if (this.platformRows.length > 0) parts.push(platformEventWrites(this.platformRows, values));
    this.riders = [];
    this.platformRows = [];
    return parts.join(', ');
  }

  /**
   * Recounts the metrics contributions of the finished calls this transaction touched, once, at its
   * end (docs/decisions/0022-attribution-per-queue-visit.md): the INSERT that writes them rides with
   * the transaction's last write. Transitions that leave a call in progress write nothing here.
   */
  async writeContributions(): Promise<void> {
    if (this.recount.size === 0) return;
    const stored = [...this.recount].filter(([, finishedBefore]) => finishedBefore).map(([callId]) => callId);
    const insert = await recountContributions(this.manager, [...this.recount.keys()].sort(), new Date(), stored);
    if (insert) this.ride(insert);
    this.recount.clear();
  }

  async lockCall(callId: string): Promise<CallEntity | null> {
    return (await this.lockRows(CallEntity, 'id = $1', [callId]))[0] ?? null;
  }

  /**
   * {@link lockCall}, then {@link lockAgent}, in that order (as every transaction locks), in one
   * statement: the frame of an agent's action on a call, one round trip where there were two. The
   * agent is locked only when the call exists; a subquery with FOR UPDATE is never flattened, and
   * this one reads the call's row, so it runs for each call row, after it was locked.
   */
  async lockCallThenAgent(callId: string, agentId: string): Promise<{ call: CallEntity | null; agent: AgentEntity | null }> {
    const calls = EntityRows.of(this.manager, CallEntity);
    const agents = EntityRows.of(this.manager, AgentEntity);
    const rows: Record<string, unknown>[] = await this.manager.query(
      `WITH held AS MATERIALIZED (SELECT ${calls.columnsPrefixed('call.')} FROM ${calls.table} WHERE id = $1 FOR UPDATE)
       SELECT held.*, agent.* FROM held
         LEFT JOIN LATERAL (SELECT ${agents.columnsPrefixed('agent.')} FROM ${agents.table} WHERE id = $2 AND held."call.id" IS NOT NULL FOR UPDATE) agent ON true`,
      [callId, agentId],
    );
    const row = rows[0];
    return row ? { call: calls.entityPrefixed(row, 'call.'), agent: agents.entityPrefixed(row, 'agent.') } : { call: null, agent: null };
  }

  /**
   * The call offered to this agent, if any, locked, then the agent, locked: the frame of a change
   * of the agent's state that may revoke their offer. The offer is looked up before the locks
   * (calls are locked before agents), so the caller re-checks it under them: it may have moved on,
   * or a new one may have come, meanwhile.
   */
  async lockOfferThenAgent(agentId: string): Promise<{ call: CallEntity | null; agent: AgentEntity | null }> {
    const [offered]: { id: string }[] = await this.manager.query(`SELECT id FROM calls WHERE agent_id = $1 AND state IN ${stateList([CallState.Offered])}`, [agentId]);
    if (offered) {
      const locked = await this.lockCallThenAgent(offered.id, agentId);
      if (locked.call) return locked;
    }
    return { call: null, agent: await this.lockAgent(agentId) };
  }

  async lockAgent(agentId: string): Promise<AgentEntity | null> {
    return (await this.lockRows(AgentEntity, 'id = $1', [agentId]))[0] ?? null;
  }

  /** {@link lockAgent}, for an agent who must exist: throws {@link AgentNotFoundError} otherwise. */
  async lockAgentOrFail(agentId: string): Promise<AgentEntity> {
    const agent = await this.lockAgent(agentId);
    if (!agent) throw new AgentNotFoundError();
    return agent;
  }

  /** Locks several calls, in id order like every transaction, so lockers of overlapping sets queue instead of deadlocking. */
  lockCalls(callIds: readonly string[]): Promise<CallEntity[]> {
    return this.lockRows(CallEntity, 'id = ANY($1::uuid[])', [[...callIds]]);
  }

  /**
   * Locks those of the calls no other transaction holds, and skips the rest: for work that can
   * wait for its next pass (announcing places) and must never make a routing round wait or be
   * part of a deadlock with one (a round locks the calls it escalates, then those it offers).
   */
  lockFreeCalls(callIds: readonly string[]): Promise<CallEntity[]> {
    return this.lockRows(CallEntity, 'id = ANY($1::uuid[])', [[...callIds]], true);
  }

  lockAgents(agentIds: readonly string[]): Promise<AgentEntity[]> {
    return this.lockRows(AgentEntity, 'id = ANY($1::uuid[])', [[...agentIds]]);
  }

  /** The rows `where` picks, locked for update in id order, as entities: one plain statement text per use (see {@link EntityRows}). */
  private async lockRows<T extends CallEntity | AgentEntity>(target: new () => T, where: string, values: unknown[], skipLocked = false): Promise<T[]> {
    const rows = EntityRows.of(this.manager, target);
    return rows.entities(await this.manager.query(`SELECT ${rows.columns} FROM ${rows.table} WHERE ${where} ORDER BY ${rows.table}.id FOR UPDATE${skipLocked ? ' SKIP LOCKED' : ''}`, values));
  }

  /**
   * Which of these agents hold a call (offered, connected or in wrap-up): the rows behind the
   * one-active-call index. Reliable once the agents are locked, since every change that gives an
   * agent a call holds that agent's lock.
   */
  async agentsHoldingCalls(agentIds: readonly string[]): Promise<Set<string>> {
    if (agentIds.length === 0) return new Set();
    const rows: { agent_id: string }[] = await this.manager.query(`SELECT agent_id FROM calls WHERE agent_id = ANY($1::uuid[]) AND state IN ${stateList(AGENT_HOLDING_CALL_STATES)}`, [[...agentIds]]);
    return new Set(rows.map((r) => r.agent_id));
  }

  /**
   * Runs `work` under a savepoint: if it fails, its writes, the domain events it queued, the
   * riders it added and the calls it marked for a recount are undone and the transaction goes on,
   * so one failing part cannot roll back the rest.
   * @returns `{ ok: true, value }`, or `{ ok: false, error }` after undoing `work`.
   */
  async savepoint<T>(work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
    const name = `sp_${++this.savepoints}`;
    const queued = this.events.length;
    const recount = new Map(this.recount);
    // Riders waiting now may leave with a write that the savepoint then undoes: they wait again.
    const riders = [...this.riders];
    const platformRows = [...this.platformRows];
    // Its answer is never needed: should it fail, the next statement fails with its error.
    await writeAhead(this.manager, { sql: `SAVEPOINT ${name}`, values: [] });
    try {
      const value = await work();
      await this.manager.query(`RELEASE SAVEPOINT ${name}`);
      return { ok: true, value };
    } catch (error) {
      await this.manager.query(`ROLLBACK TO SAVEPOINT ${name}`);
      this.events.length = queued;
      this.riders = riders;
      this.platformRows = platformRows;
      this.recount.clear();
      for (const [callId, finishedBefore] of recount) this.recount.set(callId, finishedBefore);
      return { ok: false, error };
    }
  }

  /**
   * {@link apply} for many calls at once: one UPDATE of the columns the patches name and one
   * multi-row INSERT of their journey events, sent ahead like {@link appendEvent}'s. Every call is
   * checked by the state machine first.
   */
  async applyToMany(changes: readonly { call: CallEntity; agentId: string | null; patch: Partial<CallEntity>; data: JsonObject }[], action: CallAction, at: Date): Promise<void> {
    if (changes.length === 0) return;
    const type = journeyEventOf(action);
    for (const { call, patch } of changes) {
      this.transitionInMemory(call, action, patch, at);
      call.lastSeq += 1;
    }
    // One UPDATE … FROM (VALUES …) for every call: state, last_seq and the columns the patches name.
    const metadata = this.manager.connection.getMetadata(CallEntity);
    const patched = [...new Set(changes.flatMap(({ patch }) => Object.keys(patch)))].map((property) => {
      const column = metadata.findColumnWithPropertyName(property)!;
      return { property: property as keyof CallEntity, name: column.databaseName, cast: `${String(column.type)}${column.isArray ? '[]' : ''}` };
    });
    const columns = [
      { property: 'id', name: 'id', cast: 'uuid' },
      { property: 'state', name: 'state', cast: 'varchar' },
      { property: 'lastSeq', name: 'last_seq', cast: 'integer' },
      ...patched,
    ] as const;
    const values: unknown[] = [];
    const rows = changes.map(({ call }) => `(${columns.map(({ property, cast }) => `$${values.push(call[property as keyof CallEntity])}::${cast}`).join(', ')})`);
    const events = eventRows(
      changes.map(({ call, agentId, data }) => ({ callId: call.id, seq: call.lastSeq, type, at, agentId, data })),
      values,
    );
    await writeAhead(this.manager, {
      sql: `WITH saved AS (
         UPDATE calls SET ${columns
           .slice(1)
           .map(({ name }) => `"${name}" = v."${name}"`)
           .join(', ')}, updated_at = now()
           FROM (VALUES ${rows.join(', ')}) AS v(${columns.map(({ name }) => `"${name}"`).join(', ')})
          WHERE calls.id = v.id
       )
       ${events}`,
      values,
    });
  }

  /** Moves the call by `action` (or refuses with IllegalTransitionError) and appends its journey event. */
  async apply(call: CallEntity, action: CallAction, options: ApplyOptions = {}): Promise<CallEntity> {
    this.transitionInMemory(call, action, options.patch ?? {}, options.at ?? new Date());
    await this.appendEvent(call, journeyEventOf(action), options);
    return call;
  }

  /**
   * Moves the call by `action` in memory (or refuses with IllegalTransitionError), applies `patch`
   * and queues its `call.changed` event; the caller writes the row and the journey event.
   */
  private transitionInMemory(call: CallEntity, action: CallAction, patch: Partial<CallEntity>, at: Date): void {
    const previousState = call.state;
    Object.assign(call, patch, { state: transition(call.state, action) });
    // Generic on purpose: any transition that leaves the call finished (also finished → finished, like an outcome recorded later) recounts it.
    if (isTerminal(call.state) && !this.recount.has(call.id)) this.recount.set(call.id, isTerminal(previousState));
    this.events.push({ name: 'call.changed', payload: { callId: call.id, state: call.state, previousState, agentId: call.agentId, topicId: call.topicId, at } });
  }

  /**
   * Appends a journey event and saves the call with its new `lastSeq` (and any pending changes):
   * the row's every column and the event in one statement, sent ahead of the transaction's next
   * statement or its COMMIT ({@link writeAhead}), so it costs no round trip of its own.
   */
  async appendEvent(call: CallEntity, type: JourneyEventType, options: ApplyOptions = {}): Promise<void> {
    const at = options.at ?? new Date();
    const earlier = (options.earlierEvents ?? []).map((e) => ({ callId: call.id, seq: ++call.lastSeq, type: e.type, at, agentId: null, data: e.data }));
    call.lastSeq += 1;
    const connection = this.manager.connection;
    const metadata = connection.getMetadata(CallEntity);
    const values: unknown[] = [];
    const assignments: string[] = [];
    for (const column of metadata.columns) {
      if (column.isPrimary || column.isCreateDate || column.isUpdateDate || !column.isUpdate) continue;
      const value = column.getEntityValue(call);
      if (value === undefined) continue;
      assignments.push(`"${column.databaseName}" = $${values.push(connection.driver.preparePersistentValue(value, column))}`);
    }
    const id = `$${values.push(call.id)}::uuid`;
    const event = eventRows([...earlier, { callId: call.id, seq: call.lastSeq, type, at, agentId: options.agentId ?? null, data: options.data ?? {} }], values);
    const { agentState } = options;
    const agentWrites = agentState
      ? `, ${this.agentStateWrites([{ agent: agentState.agent, callId: call.id }], agentState.state, keptReason(agentState.state, agentState.reason ?? null), new Date(), values)}`
      : '';
    const riders = this.riderWrites(values);
    await writeAhead(this.manager, {
      sql: `WITH saved AS (UPDATE calls SET ${assignments.join(', ')}, updated_at = now() WHERE id = ${id})${agentWrites}${riders ? `, ${riders}` : ''} ${event}`,
      values,
    });
  }

  /**
   * Tells the telephony platform what this change asks of it (DESIGN §11): a `platform_events` row,
   * written and rolled back with the change. It is written with this transaction's next write of a
   * call or of agents' states, or at its end, like a rider: an action that tells the platform
   * before it moves the call sends both in one round trip. A transaction's events are written in
   * the order they were told, so a call's `seq`s follow that order.
   */
  platformEvent<T extends PlatformEventType>(call: CallEntity, type: T, data: PlatformEventData[T]): void {
    this.tellPlatform(type, [{ call, data }]);
  }

  /**
   * {@link platformEvent} for many calls at once, written now, in one statement with any events
   * still waiting (before them): a routing round's offers, inside the savepoint that may undo them.
   */
  async platformEvents<T extends PlatformEventType>(type: T, all: readonly { call: CallEntity; data: PlatformEventData[T] }[]): Promise<void> {
    this.tellPlatform(type, all);
    await this.flush();
  }

  private tellPlatform<T extends PlatformEventType>(type: T, all: readonly { call: CallEntity; data: PlatformEventData[T] }[]): void {
    // A callback whose caller has not answered has nobody in line: no place to announce, no leg to move, no one to ask.
    const events = CALLER_IN_LINE_EVENTS.has(type) ? all.filter(({ call }) => !isCallbackNotReached(call)) : all;
    for (const { call, data } of events) this.platformRows.push({ callId: call.id, externalId: call.externalId, type, data: JSON.stringify(data) });
  }

  /** Announces a call that was created in this transaction. */
  announceNewCall(call: CallEntity, previousState: CallState | null): void {
    this.events.push({
      name: 'call.changed',
      payload: { callId: call.id, state: call.state, previousState, agentId: call.agentId, topicId: call.topicId, at: new Date() },
    });
  }

  /**
   * {@link setAgentState} for many agents at once, each for its own call. `offered` also notes `at`
   * as their last offer (for round robin), in the same UPDATE: one row version and one change-feed
   * announcement per agent, not two.
   */
  async setManyAgentStates(changes: readonly { agent: AgentEntity; callId: string | null }[], state: AgentState, at: Date, offered = false): Promise<void> {
    await this.writeAgentStates(changes, state, null, at, offered);
  }

  /**
   * Changes the agent's state and appends it to the agents' log; `callId` names the call that caused it.
   * A reason is kept for a break (why) and for offline (why the system logged the agent off), never for other states.
   */
  async setAgentState(agent: AgentEntity, state: AgentState, reason: AgentStateReason | null = null, callId: string | null = null): Promise<void> {
    await this.writeAgentStates([{ agent, callId }], state, keptReason(state, reason), new Date());
  }

  /**
   * The one writer of agents' states: the rows, their log entries, and the `agent.changed` events,
   * in one statement sent ahead of the transaction's next one ({@link writeAhead}): nobody reads
   * its answer, and should it fail, that next statement (or the COMMIT) fails with its error.
   */
  private async writeAgentStates(changes: readonly { agent: AgentEntity; callId: string | null }[], state: AgentState, reason: AgentStateReason | null, at: Date, offered = false): Promise<void> {
    if (changes.length === 0) return;
    const values: unknown[] = [];
    const writes = this.agentStateWrites(changes, state, reason, at, values, offered);
    const riders = this.riderWrites(values);
    await writeAhead(this.manager, { sql: `WITH ${writes}${riders ? `, ${riders}` : ''} SELECT 1`, values });
  }

  /**
   * Moves the agents in memory and queues their `agent.changed` events; returns the statement's
   * parts that write their rows and their log entries (its values pushed onto `values`), for a
   * statement of their own or the call's.
   */
  private agentStateWrites(
    changes: readonly { agent: AgentEntity; callId: string | null }[],
    state: AgentState,
    reason: AgentStateReason | null,
    at: Date,
    values: unknown[],
    offered = false,
  ): string {
    for (const { agent } of changes) {
      Object.assign(agent, { state, stateReason: reason, stateSince: at });
      if (offered) agent.lastOfferedAt = at;
      this.events.push({ name: 'agent.changed', payload: { agentId: agent.id, state, reason, at } });
    }
    const [toState, toReason, since] = [state, reason, at].map((value) => `$${values.push(value)}`);
    const rows = rowsFrom(
      [
        { name: 'agent_id', type: 'uuid', values: changes.map((c) => c.agent.id) },
        { name: 'call_id', type: 'uuid', values: changes.map((c) => c.callId) },
      ],
      values,
    );
    return `changed_agents AS (
         UPDATE agents SET state = ${toState}::varchar, state_reason = ${toReason}::varchar, state_since = ${since}::timestamptz,${offered ? ` last_offered_at = ${since}::timestamptz,` : ''} updated_at = now()
           FROM ${rows} WHERE agents.id = v.agent_id
       ),
       logged_agents AS (
         INSERT INTO agent_events (agent_id, at, state, reason, call_id, xact_id)
         SELECT v.agent_id, ${since}::timestamptz, ${toState}::varchar, ${toReason}::varchar, v.call_id, ${CURRENT_XACT_ID()} FROM ${rows}
         RETURNING 1
       )`;
  }
}

/** The reason an agent's state keeps: why, for a break; why the system logged them off, for offline; none for any other state. */
function keptReason(state: AgentState, reason: AgentStateReason | null): AgentStateReason | null {
  return state === AgentState.Break || state === AgentState.Offline ? reason : null;
}

/** A journey event to append: the row of `call_events` without the writer's transaction id, which SQL stamps. */
interface EventRow {
  callId: string;
  seq: number;
  type: JourneyEventType;
  at: Date;
  agentId: string | null;
  data: JsonObject;
}

/** A platform event waiting to be written: its call, and its data as JSON. */
interface PlatformRow {
  callId: string;
  externalId: string;
  type: PlatformEventType;
  data: string;
}

/**
 * The parts of a statement that write `rows` to `platform_events` and each one's delivery job
 * (decision 0032), their values pushed onto `values`. Every event has its job from the same
 * statement, webhook set or not, keyed as `jobIdOf` keys it. A call's next `seq` is its last plus
 * one, read by the same statement; the writer holds the call's row lock (every journey transaction
 * does, or created the call), and calls named more than once get consecutive `seq`s in the order
 * given. `at` never goes back within a call (the last event's is its latest): the replay feed
 * numbers events in `at` order (decision 0049), so a call's stay in `seq` order.
 */
function platformEventWrites(rows: readonly PlatformRow[], values: unknown[]): string {
  const from = rowsFrom(
    [
      { name: 'call_id', type: 'uuid', values: rows.map((r) => r.callId) },
      { name: 'external_id', type: 'varchar', values: rows.map((r) => r.externalId) },
      { name: 'type', type: 'varchar', values: rows.map((r) => r.type) },
      { name: 'data', type: 'text', values: rows.map((r) => r.data) },
    ],
    values,
    true,
  );
  const [queue, name, infix] = [QUEUE_OF_JOB[JobName.DeliverPlatformEvent], JobName.DeliverPlatformEvent, PLATFORM_EVENT_JOB_ID_INFIX].map((value) => `$${values.push(value)}`);
  return `platform_written AS (
         INSERT INTO platform_events (call_id, external_id, seq, type, at, data)
         SELECT v.call_id, v.external_id, COALESCE(last.seq, 0) + row_number() OVER (PARTITION BY v.call_id ORDER BY v.n),
                v.type, greatest(clock_timestamp(), last.at), v.data::jsonb
           FROM ${from}
           LEFT JOIN LATERAL (SELECT p.seq, p.at FROM platform_events p WHERE p.call_id = v.call_id ORDER BY p.seq DESC LIMIT 1) last ON true
         RETURNING call_id, seq
       ),
       platform_jobs AS (
         INSERT INTO job_outbox (queue, name, job_id, payload)
         SELECT ${queue}::varchar, ${name}::varchar, platform_written.call_id || ${infix}::text || platform_written.seq, jsonb_build_object('callId', platform_written.call_id, 'seq', platform_written.seq)
           FROM platform_written
         ON CONFLICT (job_id) DO NOTHING
         RETURNING 1
       )`;
}

/** `INSERT INTO call_events …` of `events`, their values pushed onto `values`: the tail of a statement that also saves their calls. */
function eventRows(events: readonly EventRow[], values: unknown[]): string {
  const rows = rowsFrom(
    [
      { name: 'call_id', type: 'uuid', values: events.map((e) => e.callId) },
      { name: 'seq', type: 'integer', values: events.map((e) => e.seq) },
      { name: 'type', type: 'varchar', values: events.map((e) => e.type) },
      { name: 'at', type: 'timestamptz', values: events.map((e) => e.at) },
      { name: 'agent_id', type: 'uuid', values: events.map((e) => e.agentId) },
      { name: 'data', type: 'jsonb', values: events.map((e) => JSON.stringify(e.data)) },
    ],
    values,
  );
  return `INSERT INTO call_events (call_id, seq, type, at, agent_id, xact_id, data)
    SELECT v.call_id, v.seq, v.type, v.at, v.agent_id, ${CURRENT_XACT_ID()}, v.data FROM ${rows}`;
}

/**
 * The rows that `columns` give, as the FROM item `v`: `unnest` of one array per column, or for a
 * single row a SELECT of plain parameters. A prepared statement's generic plan guesses ten rows
 * for `unnest` of a parameter, so for the usual single row (one call, one agent) PostgreSQL found
 * a fresh plan cheaper and planned the statement again at every run; with plain parameters the
 * generic plan is that plan, and PostgreSQL keeps it. `ordinality` adds `n`, each row's number.
 */
function rowsFrom(columns: readonly { name: string; type: string; values: readonly unknown[] }[], values: unknown[], ordinality = false): string {
  const names = columns.map((c) => c.name);
  if (columns[0]!.values.length === 1) {
    const fields = columns.map((c) => `$${values.push(c.values[0])}::${c.type} AS ${c.name}`);
    return `(SELECT ${fields.join(', ')}${ordinality ? ', 1::bigint AS n' : ''}) AS v`;
  }
  const arrays = columns.map((c) => `$${values.push(c.values)}::${c.type}[]`);
  return `unnest(${arrays.join(', ')})${ordinality ? ' WITH ORDINALITY' : ''} AS v(${[...names, ...(ordinality ? ['n'] : [])].join(', ')})`;
}
