import { AgentState, CallState, JourneyEventType, RoutingStrategy, languageSkillKey, type EscalationStep } from '@fc/contracts';
import { AGENT_HOLDING_CALL_STATES, HAND_BACK_COOLDOWN_SEC, stepsInTimeOrder, type TopicRouting, type WaitingCall } from '@fc/domain';
import { stateList } from '@fc/persistence';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Calls considered per round, most urgent first; the rest wait for the next round. */
const MAX_CALLS_PER_ROUND = 1000;

/** An agent as the routing leader's floor loads them. */
export interface FloorAgentRow {
  id: string;
  version: number;
  state: AgentState;
  stateSince: Date;
  lastOfferedAt: Date | null;
  hasEndpoint: boolean;
  /** Available by the row while still holding a call: see {@link RoutingCandidatesRepository.findFloorAgents}. */
  holding: boolean;
  skills: Map<string, number>;
}

/** Reads what a routing round decides on: the waiting calls with their topics' rules, and the floor. */
@Injectable()
export class RoutingCandidatesRepository {
  /** Ids of calls whose offer or wrap-up has run out of time. */
  async findOverdue(manager: EntityManager, wrapUpTimeoutSec: number, dialTimeoutSec: number): Promise<{ offers: string[]; wrapUps: string[]; dials: string[] }> {
    const offers: { id: string }[] = await manager.query(`SELECT id FROM calls WHERE state = $1 AND offer_expires_at <= now()`, [CallState.Offered]);
    const wrapUps: { id: string }[] = await manager.query(`SELECT id FROM calls WHERE state = $1 AND ended_at <= now() - make_interval(secs => $2)`, [CallState.WrapUp, wrapUpTimeoutSec]);
    const dials: { id: string }[] = await manager.query(`SELECT id FROM calls WHERE state = $1 AND dialled_at <= now() - make_interval(secs => $2)`, [CallState.Dialling, dialTimeoutSec]);
    return { offers: offers.map((r) => r.id), wrapUps: wrapUps.map((r) => r.id), dials: dials.map((r) => r.id) };
  }

  /** The waiting calls, most urgent first, with their topics' rules: two statements sent together, one round trip. */
  async findWaitingCalls(manager: EntityManager): Promise<WaitingCall[]> {
    const [topicRows, rows] = await Promise.all([this.topicRules(manager), this.waitingCallRows(manager)]);
    const topics = new Map<string, TopicRouting & { strategy: RoutingStrategy }>();
    for (const t of topicRows) {
      topics.set(t.id, { skill: t.skill, minProficiency: t.min_proficiency, steps: stepsInTimeOrder(t.escalation_steps), strategy: t.strategy });
    }
    return rows.map((r) => ({
      id: r.id,
      priority: r.priority,
      queuedAt: r.queued_at,
      waitingSince: r.waiting_since ?? r.queued_at,
      topic: topics.get(r.topic_id)!,
      languageSkill: languageSkillKey(r.language),
      excludedAgentIds: r.excluded,
      escalationStep: r.escalation_step,
    }));
  }

  private topicRules(manager: EntityManager): Promise<{ id: string; skill: string; min_proficiency: number; escalation_steps: EscalationStep[]; strategy: RoutingStrategy }[]> {
    return manager.query(`SELECT t.id, s.key AS skill, t.min_proficiency, t.escalation_steps, t.strategy FROM topics t JOIN skills s ON s.id = t.skill_id`);
  }

  private waitingCallRows(
    manager: EntityManager,
  ): Promise<{ id: string; priority: number; queued_at: Date; waiting_since: Date | null; topic_id: string; language: string; escalation_step: number; excluded: string[] }[]> {
    // The state is written into the text: the rounds' connection plans each statement once (RoutingConnection),
    // and a generic plan uses the queued calls' partial index only when the state is known to it (decision 0049).
    return manager.query(
      `SELECT c.id, c.priority, c.queued_at, c.waiting_since, c.topic_id, c.language, c.escalation_step,
                COALESCE(array_agg(DISTINCT e.agent_id) FILTER (WHERE e.agent_id IS NOT NULL), '{}') AS excluded
           FROM calls c
           LEFT JOIN call_events e
             ON e.call_id = c.id AND e.at > now() - make_interval(secs => $3)
            AND (e.type = $1 OR (e.type = $2 AND e.data->>'to' = 'topic'))
          WHERE c.state = '${CallState.Queued}'
          GROUP BY c.id
          ORDER BY c.priority DESC, c.queued_at
          LIMIT $4`,
      [JourneyEventType.OfferDeclined, JourneyEventType.Transferred, HAND_BACK_COOLDOWN_SEC, MAX_CALLS_PER_ROUND],
    );
  }

  /**
   * Every agent as the routing leader's floor keeps them (docs/decisions/0053), in one statement.
   * `holding` marks an agent whose row says available while a call is still theirs (a row left
   * behind by a race): the floor leaves such an agent out until the row changes, since the pair
   * would break the one-active-call rule.
   */
  async findFloorAgents(manager: EntityManager): Promise<FloorAgentRow[]> {
    const rows: { id: string; version: number; state: AgentState; holding: boolean; state_since: Date; last_offered_at: Date | null; has_endpoint: boolean; skills: [string, number][] | null }[] =
      await manager.query(
        `SELECT a.id, a.version, a.state, a.state_since, a.last_offered_at, a.endpoint IS NOT NULL AS has_endpoint,
              EXISTS (SELECT 1 FROM calls c WHERE c.agent_id = a.id AND c.state IN ${stateList(AGENT_HOLDING_CALL_STATES)}) AS holding,
              json_agg(json_build_array(s.key, ask.proficiency)) FILTER (WHERE s.key IS NOT NULL) AS skills
         FROM agents a
         LEFT JOIN agent_skills ask ON ask.agent_id = a.id
         LEFT JOIN skills s ON s.id = ask.skill_id
        GROUP BY a.id`,
      );
    return rows.map((r) => ({
      id: r.id,
      version: r.version,
      state: r.state,
      stateSince: r.state_since,
      lastOfferedAt: r.last_offered_at,
      hasEndpoint: r.has_endpoint,
      holding: r.holding,
      skills: new Map(r.skills ?? []),
    }));
  }

  /**
   * Occupancy today (DESIGN §7): time on a call or in wrap-up over time logged in and not on break,
   * from the agents' log.
   */
  async occupancyToday(manager: EntityManager, agentIds: string[]): Promise<Map<string, number>> {
    if (agentIds.length === 0) return new Map();
    const rows: { agent_id: string; busy: number; working: number }[] = await manager.query(
      `SELECT agent_id,
              COALESCE(sum(seconds) FILTER (WHERE state IN ('on_call', 'wrap_up')), 0)::float AS busy,
              COALESCE(sum(seconds) FILTER (WHERE state NOT IN ('offline', 'break')), 0)::float AS working
         FROM (SELECT agent_id, state,
                      EXTRACT(EPOCH FROM lead(at, 1, now()) OVER (PARTITION BY agent_id ORDER BY at) - at) AS seconds
                 FROM agent_events
                WHERE agent_id = ANY($1) AND at >= date_trunc('day', now())) spans
        GROUP BY agent_id`,
      [agentIds],
    );
    return new Map(rows.map((r) => [r.agent_id, r.working > 0 ? r.busy / r.working : 0]));
  }
}
