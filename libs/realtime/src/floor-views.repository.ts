import { AuditAction } from '@fc/audit';
import { CALL_STATES, CallState, type Role, type AgentSkillView, type CallerHistoryEntry, type FloorAgentView, type FloorCallView } from '@fc/contracts';
import { isTerminal, iso, type QueueTopic } from '@fc/domain';
import { TransactionRunner, agentSkillsJson } from '@fc/persistence';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** A topic as the floor shows it, with its id to resolve the change feed's `topicId`. */
export interface FloorTopic extends QueueTopic {
  id: string;
}

/** How far back an offer's caller history reaches (DESIGN §5). */
const CALLER_HISTORY_DAYS = 7;
const LIVE_STATES = CALL_STATES.filter((state) => !isTerminal(state));

/** The columns of a call the floor sees, as the change feed's payload names them. */
export interface CallFloorRow {
  id: string;
  version: number;
  state: CallState;
  direction: FloorCallView['direction'];
  topicId: string;
  language: string;
  priority: number;
  transferCount: number;
  agentId: string | null;
  queuedAt: Date | string | null;
  waitingSince: Date | string | null;
  answeredAt: Date | string | null;
  offerExpiresAt: Date | string | null;
  escalationStep: number;
  callbackOffered: boolean;
  outcome: FloorCallView['outcome'];
}

export interface AgentFloorRow {
  id: string;
  version: number;
  username: string;
  displayName: string;
  team: string | null;
  state: FloorAgentView['state'];
  stateReason: FloorAgentView['stateReason'];
  stateSince: Date | string;
  skills: AgentSkillView[];
}

/** A call row (from a query or the change feed) as the floor shows it. */
export function toFloorCallView(row: CallFloorRow, topicKey: string): FloorCallView {
  return {
    id: row.id,
    version: row.version,
    state: row.state,
    direction: row.direction,
    topicKey,
    language: row.language,
    priority: row.priority,
    transferCount: row.transferCount,
    agentId: row.agentId,
    queuedAt: iso(row.queuedAt),
    waitingSince: iso(row.waitingSince),
    answeredAt: iso(row.answeredAt),
    offerExpiresAt: iso(row.offerExpiresAt),
    escalationStep: row.escalationStep,
    callbackOffered: row.callbackOffered,
    outcome: row.outcome,
  };
}

export function toFloorAgentView(row: AgentFloorRow): FloorAgentView {
  return {
    id: row.id,
    version: row.version,
    username: row.username,
    displayName: row.displayName,
    team: row.team,
    state: row.state,
    stateReason: row.stateReason,
    stateSince: iso(row.stateSince)!,
    skills: row.skills,
  };
}

/** Reads the floor from the database: for `GET /api/queues` and `/api/agents`, and to (re)load the live floor. */
@Injectable()
export class FloorViewsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
  ) {}

  /** Topics, calls not yet finished and agents, read in one repeatable-read transaction so they agree. */
  async floor(): Promise<{ topics: FloorTopic[]; topicKeys: Map<string, string>; calls: FloorCallView[]; agents: FloorAgentView[]; ringable: Set<string> }> {
    return this.transactions.run(
      async ({ manager }) => {
        const allTopics = await this.topics(manager);
        const keyOf = new Map(allTopics.map((t) => [t.id, t.topicKey]));
        const callRows: CallFloorRow[] = await manager.query(
          `SELECT id, version, state, direction, topic_id AS "topicId", language, priority, transfer_count AS "transferCount",
                agent_id AS "agentId", queued_at AS "queuedAt", waiting_since AS "waitingSince", answered_at AS "answeredAt",
                offer_expires_at AS "offerExpiresAt", escalation_step AS "escalationStep",
                callback_offered_at IS NOT NULL AS "callbackOffered", outcome
           FROM calls WHERE state = ANY($1) ORDER BY id`,
          [LIVE_STATES],
        );
        const agentRows: (AgentFloorRow & { hasEndpoint: boolean })[] = await manager.query(
          `SELECT a.id, a.version, u.username, u.display_name AS "displayName", a.team, a.state, a.state_reason AS "stateReason",
                a.state_since AS "stateSince", a.endpoint IS NOT NULL AS "hasEndpoint",
                ${agentSkillsJson('a.id')} AS skills
           FROM agents a JOIN users u ON u.id = a.user_id ORDER BY a.id`,
        );
        return {
          topics: allTopics.filter((t) => t.active).map(({ active: _, ...topic }) => topic),
          topicKeys: keyOf,
          calls: callRows.map((row) => toFloorCallView(row, keyOf.get(row.topicId) ?? '')),
          agents: agentRows.map(toFloorAgentView),
          ringable: new Set(agentRows.filter((row) => row.hasEndpoint).map((row) => row.id)),
        };
      },
      { isolation: 'REPEATABLE READ' },
    );
  }

  /** Every topic, retired ones too: their calls still need a topic key. */
  private async topics(manager: EntityManager): Promise<(FloorTopic & { active: boolean })[]> {
    return manager.query(
      `SELECT id, key AS "topicKey", name_nb AS "nameNb", name_en AS "nameEn", active,
              service_level_threshold_sec AS "serviceLevelTargetSec", service_level_target_pct AS "serviceLevelTargetPct"
         FROM topics ORDER BY sort_order, key`,
    );
  }

  /**
   * The caller's earlier contacts in the last 7 days, newest first, none for a withheld number
   * (DESIGN §5), for the agent an offer went to, and the audit of that read as theirs, in one
   * statement: written only while the call is still offered to that agent, which the statement
   * checks itself. An offer is shown only if it was audited, so no agent ever sees a history
   * nobody recorded; an offer that ends in the instant between this statement and the send is
   * recorded but not shown. The columns are `audit_log`'s as AuditService writes them. On `pool`
   * when given (an offer's own connections: `OfferConnection`).
   */
  async callerHistoryReadBy(callId: string, agentId: string, reader: { userId: string; role: Role }, pool: DataSource = this.dataSource): Promise<{ entries: CallerHistoryEntry[]; audited: boolean }> {
    const rows: { callId: string | null; topicKey: string; arrivedAt: Date; state: CallState; outcome: CallerHistoryEntry['outcome']; audited: boolean }[] = await pool.query(
      `WITH history AS MATERIALIZED (
         SELECT e.id AS "callId", t.key AS "topicKey", e.arrived_at AS "arrivedAt", e.state, e.outcome
           FROM calls c
           JOIN calls e ON e.caller_key = c.caller_key AND e.id <> c.id AND e.id IS DISTINCT FROM c.callback_of_call_id
                       AND e.arrived_at >= c.arrived_at - make_interval(days => $2) AND e.arrived_at <= c.arrived_at
           JOIN topics t ON t.id = e.topic_id
          WHERE c.id = $1 AND c.caller_key IS NOT NULL
          ORDER BY e.arrived_at DESC
          LIMIT 20
       ),
       audited AS (
         INSERT INTO audit_log (actor_user_id, actor_role, action, entity_type, entity_id, data)
         SELECT $4::uuid, $5, $6, 'call', $1::text, jsonb_build_object('entries', (SELECT count(*) FROM history))
          WHERE EXISTS (SELECT 1 FROM calls WHERE id = $1 AND state = '${CallState.Offered}' AND agent_id = $3)
         RETURNING 1
       )
       SELECT h.*, EXISTS (SELECT 1 FROM audited) AS audited
         FROM (SELECT 1) one LEFT JOIN history h ON true
        ORDER BY h."arrivedAt" DESC`,
      [callId, CALLER_HISTORY_DAYS, agentId, reader.userId, reader.role, AuditAction.CallCallerHistoryRead],
    );
    return {
      entries: rows.filter((r) => r.callId !== null).map(({ audited: _, ...r }) => ({ ...r, callId: r.callId!, arrivedAt: r.arrivedAt.toISOString() })),
      audited: rows[0]?.audited ?? false,
    };
  }

  /** The type of a call's journey event, to tell why an offer ended. */
  async journeyEventType(callId: string, seq: number, pool: DataSource = this.dataSource): Promise<string | null> {
    const rows: { type: string }[] = await pool.query('SELECT type FROM call_events WHERE call_id = $1 AND seq = $2', [callId, seq]);
    return rows[0]?.type ?? null;
  }
}
