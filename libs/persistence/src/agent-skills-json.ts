/**
 * An agent's skills as the views carry them (`AgentSkillView[]`): `[{skillKey, proficiency}]`
 * ordered by key, `[]` when they hold none. A scalar subquery for the agent whose id is the SQL
 * expression `agentId` (a column of the statement it goes into, such as `a.id`).
 */
export function agentSkillsJson(agentId: string): string {
  return `COALESCE((SELECT json_agg(json_build_object('skillKey', s.key, 'proficiency', ask.proficiency) ORDER BY s.key)
      FROM agent_skills ask JOIN skills s ON s.id = ask.skill_id WHERE ask.agent_id = ${agentId}), '[]'::json)`;
}
