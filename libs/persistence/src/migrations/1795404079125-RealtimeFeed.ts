import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The live floor's change feed (docs/decisions/0011-realtime.md): every change of a call, an agent
 * (or an agent's skills) or a topic is announced with NOTIFY from the transaction that made it, so
 * listeners get the changes at commit, in commit order, or not at all when the transaction rolls back.
 * Payloads carry no personal data: no number, no caller key, no note.
 */
export class RealtimeFeed1795404079125 implements MigrationInterface {
  name = 'RealtimeFeed1795404079125';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"agents\" ADD \"version\" integer NOT NULL DEFAULT '1'");
    await queryRunner.query("ALTER TABLE \"calls\" ADD \"version\" integer NOT NULL DEFAULT '1'");

    await queryRunner.query(`CREATE FUNCTION floor_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.version := OLD.version + 1;
        RETURN NEW;
      END $$`);
    await queryRunner.query('CREATE TRIGGER calls_bump_version BEFORE UPDATE ON "calls" FOR EACH ROW EXECUTE FUNCTION floor_bump_version()');
    await queryRunner.query('CREATE TRIGGER agents_bump_version BEFORE UPDATE ON "agents" FOR EACH ROW EXECUTE FUNCTION floor_bump_version()');

    await queryRunner.query(`CREATE FUNCTION floor_notify_call() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('floor_changes', json_build_object(
          'kind', 'call', 'id', NEW.id, 'version', NEW.version, 'state', NEW.state,
          'previousState', CASE WHEN TG_OP = 'UPDATE' THEN OLD.state END,
          'previousAgentId', CASE WHEN TG_OP = 'UPDATE' THEN OLD.agent_id END,
          'previousTopicId', CASE WHEN TG_OP = 'UPDATE' THEN OLD.topic_id END,
          'direction', NEW.direction, 'topicId', NEW.topic_id, 'language', NEW.language,
          'priority', NEW.priority, 'transferCount', NEW.transfer_count, 'agentId', NEW.agent_id,
          'queuedAt', NEW.queued_at, 'waitingSince', NEW.waiting_since, 'answeredAt', NEW.answered_at,
          'offerExpiresAt', NEW.offer_expires_at, 'escalationStep', NEW.escalation_step,
          'callbackOffered', NEW.callback_offered_at IS NOT NULL, 'outcome', NEW.outcome,
          'lastSeq', NEW.last_seq)::text);
        RETURN NULL;
      END $$`);
    await queryRunner.query('CREATE TRIGGER calls_notify_floor AFTER INSERT OR UPDATE ON "calls" FOR EACH ROW EXECUTE FUNCTION floor_notify_call()');

    await queryRunner.query(`CREATE FUNCTION floor_notify_agent() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('floor_changes', json_build_object(
          'kind', 'agent', 'id', NEW.id, 'version', NEW.version, 'state', NEW.state,
          'previousState', CASE WHEN TG_OP = 'UPDATE' THEN OLD.state END,
          'stateReason', NEW.state_reason, 'stateSince', NEW.state_since, 'team', NEW.team,
          'username', u.username, 'displayName', u.display_name,
          'skills', COALESCE((SELECT json_agg(json_build_object('skillKey', s.key, 'proficiency', ask.proficiency) ORDER BY s.key)
                                FROM agent_skills ask JOIN skills s ON s.id = ask.skill_id
                               WHERE ask.agent_id = NEW.id), '[]'::json))::text)
          FROM users u WHERE u.id = NEW.user_id;
        RETURN NULL;
      END $$`);
    await queryRunner.query('CREATE TRIGGER agents_notify_floor AFTER INSERT OR UPDATE ON "agents" FOR EACH ROW EXECUTE FUNCTION floor_notify_agent()');

    // A change of skills is a change of the agent: touching the row bumps its version and announces it.
    await queryRunner.query(`CREATE FUNCTION floor_touch_agent() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE agents SET updated_at = now() WHERE id = COALESCE(NEW.agent_id, OLD.agent_id);
        RETURN NULL;
      END $$`);
    await queryRunner.query('CREATE TRIGGER agent_skills_touch_agent AFTER INSERT OR UPDATE OR DELETE ON "agent_skills" FOR EACH ROW EXECUTE FUNCTION floor_touch_agent()');

    await queryRunner.query(`CREATE FUNCTION floor_notify_topics() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('floor_changes', '{"kind":"topics"}');
        RETURN NULL;
      END $$`);
    await queryRunner.query('CREATE TRIGGER topics_notify_floor AFTER INSERT OR UPDATE OR DELETE ON "topics" FOR EACH STATEMENT EXECUTE FUNCTION floor_notify_topics()');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER topics_notify_floor ON "topics"');
    await queryRunner.query('DROP FUNCTION floor_notify_topics()');
    await queryRunner.query('DROP TRIGGER agent_skills_touch_agent ON "agent_skills"');
    await queryRunner.query('DROP FUNCTION floor_touch_agent()');
    await queryRunner.query('DROP TRIGGER agents_notify_floor ON "agents"');
    await queryRunner.query('DROP FUNCTION floor_notify_agent()');
    await queryRunner.query('DROP TRIGGER calls_notify_floor ON "calls"');
    await queryRunner.query('DROP FUNCTION floor_notify_call()');
    await queryRunner.query('DROP TRIGGER agents_bump_version ON "agents"');
    await queryRunner.query('DROP TRIGGER calls_bump_version ON "calls"');
    await queryRunner.query('DROP FUNCTION floor_bump_version()');
    await queryRunner.query("ALTER TABLE \"calls\" DROP COLUMN \"version\"");
    await queryRunner.query("ALTER TABLE \"agents\" DROP COLUMN \"version\"");
  }
}
