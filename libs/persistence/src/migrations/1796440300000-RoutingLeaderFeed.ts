import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The agent's announcement as RealtimeFeed1795404079125 wrote it, with `extra` fields after the skills. */
const notifyAgent = (extra: string) => `CREATE OR REPLACE FUNCTION floor_notify_agent() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('floor_changes', json_build_object(
          'kind', 'agent', 'id', NEW.id, 'version', NEW.version, 'state', NEW.state,
          'previousState', CASE WHEN TG_OP = 'UPDATE' THEN OLD.state END,
          'stateReason', NEW.state_reason, 'stateSince', NEW.state_since, 'team', NEW.team,
          'username', u.username, 'displayName', u.display_name,
          'skills', COALESCE((SELECT json_agg(json_build_object('skillKey', s.key, 'proficiency', ask.proficiency) ORDER BY s.key)
                                FROM agent_skills ask JOIN skills s ON s.id = ask.skill_id
                               WHERE ask.agent_id = NEW.id), '[]'::json)${extra})::text)
          FROM users u WHERE u.id = NEW.user_id;
        RETURN NULL;
      END $$`;

/**
 * The routing leader keeps the floor's agents in memory, fed by the change feed
 * (docs/decisions/0053): an agent's announcement now carries what a round ranks and filters on
 * besides state and skills, when the agent was last offered a call and whether the platform can
 * ring them. Rounds no longer take numbers across processes (only the leader runs them), so the
 * sequence of decision 0049 goes.
 */
export class RoutingLeaderFeed1796440300000 implements MigrationInterface {
  name = 'RoutingLeaderFeed1796440300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(notifyAgent(`,\n          'lastOfferedAt', NEW.last_offered_at, 'hasEndpoint', NEW.endpoint IS NOT NULL`));
    await queryRunner.query('DROP SEQUENCE "routing_round_requests"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE SEQUENCE "routing_round_requests"');
    await queryRunner.query(notifyAgent(''));
  }
}
