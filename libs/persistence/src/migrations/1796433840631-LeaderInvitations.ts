import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A complainant's invitation to a conversation with a police leader, one per leader conversation
 * follow-up, with the complainant's answer (docs/decisions/0041-complaint-conversation.md).
 */
export class LeaderInvitations1796433840631 implements MigrationInterface {
  name = 'LeaderInvitations1796433840631';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"leader_invitations\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"follow_up_id\" uuid NOT NULL, \"call_id\" uuid NOT NULL, \"token_hash\" character(64) NOT NULL, \"expires_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"answered_at\" TIMESTAMP WITH TIME ZONE, \"answer\" character varying(16), \"suggested_time\" TIMESTAMP WITH TIME ZONE, \"message\" text, \"message_purged_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"UQ_dcae04d2d8d6b9a1292ef6905b4\" UNIQUE (\"follow_up_id\"), CONSTRAINT \"UQ_c8e121f299d17ef8d778ea59c46\" UNIQUE (\"token_hash\"), CONSTRAINT \"REL_dcae04d2d8d6b9a1292ef6905b\" UNIQUE (\"follow_up_id\"), CONSTRAINT \"leader_invitations_message_length\" CHECK (\"message\" IS NULL OR char_length(\"message\") <= 500), CONSTRAINT \"leader_invitations_time_with_suggestion\" CHECK ((\"suggested_time\" IS NOT NULL) = (\"answer\" IS NOT DISTINCT FROM 'time_suggested')), CONSTRAINT \"leader_invitations_answered_with_answer\" CHECK ((\"answered_at\" IS NULL) = (\"answer\" IS NULL)), CONSTRAINT \"leader_invitations_answer_known\" CHECK (\"answer\" IS NULL OR \"answer\" IN ('accepted', 'time_suggested', 'declined')), CONSTRAINT \"PK_74783eb921c0f45cb8d3148a40f\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"leader_invitations_message_answered_at_idx\" ON \"leader_invitations\"  (\"answered_at\") WHERE \"message\" IS NOT NULL");
    await queryRunner.query("CREATE INDEX \"leader_invitations_open_call_idx\" ON \"leader_invitations\"  (\"call_id\") WHERE \"answered_at\" IS NULL");
    await queryRunner.query("ALTER TABLE \"leader_invitations\" ADD CONSTRAINT \"FK_dcae04d2d8d6b9a1292ef6905b4\" FOREIGN KEY (\"follow_up_id\") REFERENCES \"follow_ups\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"leader_invitations\" ADD CONSTRAINT \"FK_2328e701556379dca50ff3cd544\" FOREIGN KEY (\"call_id\") REFERENCES \"calls\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"leader_invitations\" DROP CONSTRAINT \"FK_2328e701556379dca50ff3cd544\"");
    await queryRunner.query("ALTER TABLE \"leader_invitations\" DROP CONSTRAINT \"FK_dcae04d2d8d6b9a1292ef6905b4\"");
    await queryRunner.query("DROP INDEX \"public\".\"leader_invitations_open_call_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"leader_invitations_message_answered_at_idx\"");
    await queryRunner.query("DROP TABLE \"leader_invitations\"");
  }
}
