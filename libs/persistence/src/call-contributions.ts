import { CALL_STATES, type CallState, type JourneyEventType, type Outcome } from '@fc/contracts';
import {
  DEFAULT_REPEAT_WINDOW_DAYS,
  NO_TOPIC_CATALOG,
  TERMINAL_CALL_STATES,
  attributeCall,
  needsTopicCatalog,
  type CallAttribution,
  type CallTally,
  type TimelineEvent,
  type TopicCatalog,
} from '@fc/domain';
import { stateList } from './state-list.js';
import type { Statement } from './transaction-runner.js';

/*
 * What a call adds to the metrics (docs/decisions/0022-attribution-per-queue-visit.md): the domain's
 * `attributeCall` over the call's row and its journey log, stored per finished call in
 * `call_contributions` — one row for the centre ('call'), one per queue visit ('topic'), one per
 * agent's leg ('agent') — from which a trigger keeps the rollups. Calls still in progress are
 * attributed the same way when the metrics are read, never stored.
 */

/** Anything that runs SQL and answers rows: a TypeORM EntityManager, DataSource or QueryRunner. */
export interface Queryable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

/** What `call_contributions.kind` says a row counts for. PERSISTED: NEVER RENAME WITHOUT A MIGRATION. */
export const ContributionKind = {
  Call: 'call',
  Topic: 'topic',
  Agent: 'agent',
} as const;
export type ContributionKind = (typeof ContributionKind)[keyof typeof ContributionKind];

/** The stored tally: every `CallTally` field but `provisional`, which depends on when the figures are read. */
export type StoredTallyField = Exclude<keyof CallTally, 'provisional'>;

/** `CallTally` field → column of `call_contributions` and of the rollups (migration CallContributions). */
export const TALLY_COLUMNS: Readonly<Record<StoredTallyField, string>> = {
  offered: 'offered',
  transferredIn: 'transferred_in',
  answered: 'answered',
  answeredFromQueue: 'answered_from_queue',
  answeredWithinTarget: 'answered_within_target',
  abandoned: 'abandoned',
  shortAbandons: 'short_abandons',
  answerWaitSec: 'answer_wait_sec',
  handled: 'handled',
  handleSec: 'handle_sec',
  transferred: 'transferred',
  runaround: 'runaround',
  withOutcome: 'with_outcome',
  notRecorded: 'not_recorded',
  resolved: 'resolved',
  resolvedFirstLine: 'resolved_first_line',
  withOutcomeKnownCaller: 'with_outcome_known_caller',
  resolvedNoRepeat: 'resolved_no_repeat',
};
const SUM_COLUMNS: ReadonlySet<string> = new Set(['answer_wait_sec', 'handle_sec']);

/** `column type` pairs for `json_to_recordset(…) AS r(…)`: one contribution row as JSON. */
export const CONTRIBUTION_RECORD = [
  'kind text',
  'ordinal integer',
  'entity_id uuid',
  'counted_at timestamptz',
  'call_arrived_at timestamptz',
  ...Object.values(TALLY_COLUMNS).map((c) => `${c} ${SUM_COLUMNS.has(c) ? 'double precision' : 'integer'}`),
].join(', ');

/** Calls in progress: every state but the terminal ones. */
const LIVE_CALL_STATES: readonly CallState[] = CALL_STATES.filter((state) => !TERMINAL_CALL_STATES.includes(state));

/** One row of `call_contributions`, as JSON for `json_to_recordset`. */
export type ContributionRecord = { call_id: string; kind: ContributionKind; ordinal: number; entity_id: string | null; counted_at: string; call_arrived_at: string } & Record<
  string,
  number | string | null
>;

export interface AttributedCall {
  callId: string;
  arrivedAt: Date;
  attribution: CallAttribution;
}

/** Topic ids by key and thresholds now: for journey events written before they recorded their topic's id and threshold. */
export async function loadTopicCatalog(db: Queryable): Promise<TopicCatalog> {
  const rows: { id: string; key: string; threshold: number }[] = await db.query('SELECT id, key, service_level_threshold_sec AS threshold FROM topics');
  return { idByKey: new Map(rows.map((r) => [r.key, r.id])), thresholdSecById: new Map(rows.map((r) => [r.id, r.threshold])) };
}

/** The finished calls among `callIds`, attributed: one read (each call with its journey), and the topics only for journeys older than the visits' topic ids. */
export function attributeFinishedCalls(db: Queryable, callIds: readonly string[], now: Date, repeatWindowDays: number): Promise<AttributedCall[]> {
  const finished = `c.state IN ${stateList(TERMINAL_CALL_STATES)}`;
  // A call finishing alone, as nearly every one does, has a text of its own: PostgreSQL keeps a
  // generic plan for `c.id = $1`, where for `c.id = ANY($1)` it planned again at every execution
  // (decision 0063), which took longer than the read itself.
  if (callIds.length === 1) return attributeWhere(db, `c.id = $1::uuid AND ${finished}`, [callIds[0]], now, repeatWindowDays);
  return attributeWhere(db, `c.id = ANY($1::uuid[]) AND ${finished}`, [callIds], now, repeatWindowDays);
}

/** Calls still in progress that had queued before `before`, attributed as they stand (the metrics read them at every request; there are few). */
export function attributeLiveCalls(db: Queryable, before: Date, now: Date, repeatWindowDays: number): Promise<AttributedCall[]> {
  return attributeWhere(db, `c.state IN ${stateList(LIVE_CALL_STATES)} AND c.queued_at < $1::timestamptz`, [before], now, repeatWindowDays);
}

async function attributeWhere(db: Queryable, where: string, params: unknown[], now: Date, repeatWindowDays: number): Promise<AttributedCall[]> {
  // Each call with its journey, in one statement: a finishing call's recount is one read, not two.
  const calls: {
    id: string;
    state: CallState;
    arrived_at: Date;
    queued_at: Date | null;
    answered_at: Date | null;
    ended_at: Date | null;
    completed_at: Date | null;
    transfer_count: number;
    outcome: Outcome | null;
    has_caller_key: boolean;
    repeat_contact_at: Date | null;
    topic_id: string;
    journey: [number, JourneyEventType, string, string | null, Record<string, unknown>][];
  }[] = await db.query(
    `SELECT c.id, c.state, c.arrived_at, c.queued_at, c.answered_at, c.ended_at, c.completed_at, c.transfer_count, c.outcome,
            c.caller_key IS NOT NULL AS has_caller_key, c.repeat_contact_at, c.topic_id,
            (SELECT COALESCE(json_agg(json_build_array(e.seq, e.type, e.at, e.agent_id, e.data) ORDER BY e.seq), '[]')
               FROM call_events e WHERE e.call_id = c.id) AS journey
       FROM calls c WHERE ${where} AND c.queued_at IS NOT NULL`,
    params,
  );
  if (calls.length === 0) return [];
  const journeys = new Map<string, TimelineEvent[]>(calls.map((c) => [c.id, c.journey.map(([seq, type, at, agentId, data]) => ({ seq, type, at: new Date(at), agentId, data }))]));
  // Journeys written now name their visits' topics and thresholds: a finishing call reads no topics.
  const topics = calls.some((c) => needsTopicCatalog(journeys.get(c.id) ?? [])) ? await loadTopicCatalog(db) : NO_TOPIC_CATALOG;
  return calls.map((c) => ({
    callId: c.id,
    arrivedAt: c.arrived_at,
    attribution: attributeCall(
      {
        state: c.state,
        arrivedAt: c.arrived_at,
        queuedAt: c.queued_at,
        answeredAt: c.answered_at,
        endedAt: c.ended_at,
        completedAt: c.completed_at,
        transferCount: c.transfer_count,
        outcome: c.outcome,
        hasCallerKey: c.has_caller_key,
        repeatContactAt: c.repeat_contact_at,
        topicId: c.topic_id,
      },
      journeys.get(c.id) ?? [],
      topics,
      now,
      repeatWindowDays,
    ),
  }));
}

/** A call's contributions as rows of `call_contributions` (without `provisional`, which the metrics count when they read). */
export function contributionRecords({ callId, arrivedAt, attribution }: AttributedCall): ContributionRecord[] {
  const record = (kind: ContributionKind, ordinal: number, entityId: string | null, countedAt: Date, tally: CallTally): ContributionRecord => {
    const row: ContributionRecord = { call_id: callId, kind, ordinal, entity_id: entityId, counted_at: countedAt.toISOString(), call_arrived_at: arrivedAt.toISOString() };
    for (const [field, column] of Object.entries(TALLY_COLUMNS)) row[column] = tally[field as StoredTallyField];
    return row;
  };
  return [
    ...(attribution.call ? [record(ContributionKind.Call, 0, null, attribution.call.countedAt, attribution.call.tally)] : []),
    ...attribution.visits.map((v, i) => record(ContributionKind.Topic, i, v.entityId, v.countedAt, v.tally)),
    ...attribution.legs.map((l, i) => record(ContributionKind.Agent, i, l.entityId, l.countedAt, l.tally)),
  ];
}

/**
 * Recounts the contributions of those of `callIds` that are finished, in the caller's transaction:
 * their rows in `call_contributions` deleted here and the INSERT that writes them again handed back
 * (null when there is nothing to write) for the caller to send, with its transaction's last write
 * (the trigger on the table moves the rollups by the difference). A call still in progress has
 * none stored. `stored` names the calls that may have some stored already (all, unless told): a
 * call that has only just finished has none, and deleting nothing would still cost a statement
 * and the trigger.
 */
export async function recountContributions(db: Queryable, callIds: readonly string[], now = new Date(), stored: readonly string[] = callIds): Promise<Statement | null> {
  if (callIds.length === 0) return null;
  // The repeat window only decides `provisional`, which is not stored.
  const attributed = await attributeFinishedCalls(db, callIds, now, DEFAULT_REPEAT_WINDOW_DAYS);
  const records = attributed.flatMap(contributionRecords);
  if (stored.length > 0) await db.query('DELETE FROM call_contributions WHERE call_id = ANY($1::uuid[])', [stored]);
  if (records.length === 0) return null;
  return {
    sql: `INSERT INTO call_contributions (call_id, kind, ordinal, entity_id, counted_at, call_arrived_at, ${Object.values(TALLY_COLUMNS).join(', ')})
     SELECT r.call_id, r.kind, r.ordinal, r.entity_id, r.counted_at, r.call_arrived_at, ${Object.values(TALLY_COLUMNS)
       .map((c) => `r.${c}`)
       .join(', ')}
       FROM json_to_recordset($1::json) AS r(call_id uuid, ${CONTRIBUTION_RECORD})`,
    values: [JSON.stringify(records)],
  };
}
