import { AgentState, CallState, JourneyEventType, languageSkillKey } from '@fc/contracts';
import type { AvailableAgent, WaitingCall } from '@fc/domain';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * An agent who just declined a call, or transferred it to another topic, is not offered the same
 * call again for this long: sending it straight back would be the runaround routing exists to stop.
 */
const HAND_BACK_COOLDOWN_SEC = 30;
/** Calls considered per round, oldest and most urgent first; the rest wait for the next round. */
const MAX_CALLS_PER_ROUND = 500;

/** Reads what a routing round decides on: the waiting calls and the available agents with their skills. */
@Injectable()
export class RoutingCandidatesRepository {
  async findWaitingCalls(manager: EntityManager): Promise<WaitingCall[]> {
    const rows: { id: string; priority: number; queued_at: Date; skill_key: string; min_proficiency: number; language: string; excluded: string[] }[] =
      await manager.query(
        `SELECT c.id, c.priority, c.queued_at, s.key AS skill_key, t.min_proficiency, c.language,
                COALESCE(array_agg(DISTINCT e.agent_id) FILTER (WHERE e.agent_id IS NOT NULL), '{}') AS excluded
           FROM calls c
           JOIN topics t ON t.id = c.topic_id
           JOIN skills s ON s.id = t.skill_id
           LEFT JOIN call_events e
             ON e.call_id = c.id AND e.at > now() - make_interval(secs => $4)
            AND (e.type = $2 OR (e.type = $3 AND e.data->>'to' = 'topic'))
          WHERE c.state = $1
          GROUP BY c.id, s.key, t.min_proficiency
          ORDER BY c.priority DESC, c.queued_at
          LIMIT $5`,
        [CallState.Queued, JourneyEventType.OfferDeclined, JourneyEventType.Transferred, HAND_BACK_COOLDOWN_SEC, MAX_CALLS_PER_ROUND],
      );
    return rows.map((r) => ({
      id: r.id,
      priority: r.priority,
      queuedAt: r.queued_at,
      requiredSkill: r.skill_key,
      minProficiency: r.min_proficiency,
      languageSkill: languageSkillKey(r.language),
      excludedAgentIds: r.excluded,
    }));
  }

  async findAvailableAgents(manager: EntityManager): Promise<AvailableAgent[]> {
    const rows: { id: string; state_since: Date; skills: [string, number][] | null }[] = await manager.query(
      `SELECT a.id, a.state_since,
              json_agg(json_build_array(s.key, ask.proficiency)) FILTER (WHERE s.key IS NOT NULL) AS skills
         FROM agents a
         LEFT JOIN agent_skills ask ON ask.agent_id = a.id
         LEFT JOIN skills s ON s.id = ask.skill_id
        WHERE a.state = $1
        GROUP BY a.id`,
      [AgentState.Available],
    );
    return rows.map((r) => ({ id: r.id, idleSince: r.state_since, skills: new Map(r.skills ?? []) }));
  }
}
