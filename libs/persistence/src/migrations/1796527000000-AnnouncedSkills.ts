import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An agent's skills as the announcement carries them: `[{skillKey, proficiency}]` by key. */
const SKILLS_OF = (agentId: string) => `COALESCE((SELECT json_agg(json_build_object('skillKey', s.key, 'proficiency', ask.proficiency) ORDER BY s.key)
                    FROM agent_skills ask JOIN skills s ON s.id = ask.skill_id
                   WHERE ask.agent_id = ${agentId}), '[]'::json)`;

/** The agent's announcement as RoutingLeaderFeed1796440300000 wrote it, its skills read by `skills`. */
const notifyAgent = (skills: string) => `CREATE OR REPLACE FUNCTION floor_notify_agent() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('floor_changes', json_build_object(
          'kind', 'agent', 'id', NEW.id, 'version', NEW.version, 'state', NEW.state,
          'previousState', CASE WHEN TG_OP = 'UPDATE' THEN OLD.state END,
          'stateReason', NEW.state_reason, 'stateSince', NEW.state_since, 'team', NEW.team,
          'username', u.username, 'displayName', u.display_name,
          'skills', ${skills},
          'lastOfferedAt', NEW.last_offered_at, 'hasEndpoint', NEW.endpoint IS NOT NULL)::text)
          FROM users u WHERE u.id = NEW.user_id;
        RETURN NULL;
      END $$`;

/**
 * An agent's announcement (decision 0011) read their skills afresh at every change of the row,
 * though nearly every change is of state and skills change only when an administrator edits them.
 * That read was about half the cost of an agent's state change (docs/decisions/0058). The agent's
 * row now keeps its skills as announced, `announced_skills`, written where skills change: the
 * trigger on `agent_skills` that touches the agent (so bumping its version and announcing it), and
 * a change of a skill's key. The announcement reads the row it already has.
 */
export class AnnouncedSkills1796527000000 implements MigrationInterface {
  name = 'AnnouncedSkills1796527000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE agents ADD COLUMN announced_skills json NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`UPDATE agents SET announced_skills = ${SKILLS_OF('agents.id')}`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION floor_touch_agent() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE agents SET updated_at = now(), announced_skills = ${SKILLS_OF('agents.id')}
         WHERE id = COALESCE(NEW.agent_id, OLD.agent_id);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE FUNCTION floor_skill_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE agents SET updated_at = now(), announced_skills = ${SKILLS_OF('agents.id')}
         WHERE id IN (SELECT agent_id FROM agent_skills WHERE skill_id = NEW.id);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER skills_rename_announced AFTER UPDATE OF key ON skills FOR EACH ROW WHEN (OLD.key IS DISTINCT FROM NEW.key) EXECUTE FUNCTION floor_skill_renamed()`);
    await queryRunner.query(notifyAgent('NEW.announced_skills'));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(notifyAgent(SKILLS_OF('NEW.id')));
    await queryRunner.query('DROP TRIGGER skills_rename_announced ON skills');
    await queryRunner.query('DROP FUNCTION floor_skill_renamed()');
    await queryRunner.query(`CREATE OR REPLACE FUNCTION floor_touch_agent() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE agents SET updated_at = now() WHERE id = COALESCE(NEW.agent_id, OLD.agent_id);
        RETURN NULL;
      END $$`);
    await queryRunner.query('ALTER TABLE agents DROP COLUMN announced_skills');
  }
}
