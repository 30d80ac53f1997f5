import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ImprovementActions1796433751650 implements MigrationInterface {
  name = 'ImprovementActions1796433751650';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"improvement_actions\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"title\" character varying(200) NOT NULL, \"description\" text NOT NULL, \"kind\" character varying(32) NOT NULL, \"status\" character varying(16) NOT NULL DEFAULT 'planned', \"owner_user_id\" uuid, \"due_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"effective_at\" TIMESTAMP WITH TIME ZONE, \"result\" text, \"cancel_reason\" text, \"origin_kind\" character varying(16) NOT NULL, \"origin_review_id\" uuid, \"origin_insight\" jsonb, \"public\" boolean NOT NULL DEFAULT false, \"public_summary_nb\" text, \"public_summary_en\" text, \"reminded_at\" TIMESTAMP WITH TIME ZONE, \"escalated_at\" TIMESTAMP WITH TIME ZONE, \"created_by_user_id\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"improvement_actions_cancel_reason\" CHECK (\"status\" <> 'cancelled' OR \"cancel_reason\" IS NOT NULL), CONSTRAINT \"improvement_actions_done_result\" CHECK (\"status\" <> 'done' OR (\"result\" IS NOT NULL AND \"effective_at\" IS NOT NULL)), CONSTRAINT \"improvement_actions_public_summaries\" CHECK (NOT \"public\" OR (\"public_summary_nb\" IS NOT NULL AND \"public_summary_en\" IS NOT NULL)), CONSTRAINT \"PK_8195d6d47bd8272dfb15513f9b8\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"improvement_actions_origin_review_idx\" ON \"improvement_actions\"  (\"origin_review_id\") WHERE \"origin_review_id\" IS NOT NULL");
    await queryRunner.query("CREATE INDEX \"improvement_actions_open_due_idx\" ON \"improvement_actions\"  (\"due_at\") WHERE \"status\" IN ('planned', 'in_progress')");
    await queryRunner.query("CREATE TABLE \"improvement_action_root_causes\" (\"action_id\" uuid NOT NULL, \"root_cause_id\" character varying(64) NOT NULL, CONSTRAINT \"PK_e2cf85e8666e79d575770a09a76\" PRIMARY KEY (\"action_id\", \"root_cause_id\"))");
    await queryRunner.query("CREATE INDEX \"improvement_action_root_causes_cause_idx\" ON \"improvement_action_root_causes\"  (\"root_cause_id\") ");
    await queryRunner.query("CREATE TABLE \"improvement_action_topics\" (\"action_id\" uuid NOT NULL, \"topic_id\" uuid NOT NULL, CONSTRAINT \"PK_640c16806cf562a95b536e28d4b\" PRIMARY KEY (\"action_id\", \"topic_id\"))");
    await queryRunner.query("CREATE INDEX \"improvement_action_topics_topic_idx\" ON \"improvement_action_topics\"  (\"topic_id\") ");
    await queryRunner.query("ALTER TABLE \"improvement_actions\" ADD CONSTRAINT \"FK_474676e73bcc28c313b89ba2f59\" FOREIGN KEY (\"owner_user_id\") REFERENCES \"users\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"improvement_actions\" ADD CONSTRAINT \"FK_7d6d900bcd1a002767c320b6169\" FOREIGN KEY (\"origin_review_id\") REFERENCES \"reviews\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"improvement_actions\" ADD CONSTRAINT \"FK_93aa1d1d89241af690fb38f276a\" FOREIGN KEY (\"created_by_user_id\") REFERENCES \"users\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"improvement_action_root_causes\" ADD CONSTRAINT \"FK_7ae18587e1aa4819e2e489c4bf2\" FOREIGN KEY (\"action_id\") REFERENCES \"improvement_actions\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"improvement_action_root_causes\" ADD CONSTRAINT \"FK_0683237797b298baa9404fda932\" FOREIGN KEY (\"root_cause_id\") REFERENCES \"root_causes\"(\"key\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"improvement_action_topics\" ADD CONSTRAINT \"FK_82586e9c273db9efe0036f06c35\" FOREIGN KEY (\"action_id\") REFERENCES \"improvement_actions\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"improvement_action_topics\" ADD CONSTRAINT \"FK_e5b67139442aa89bce437ddb018\" FOREIGN KEY (\"topic_id\") REFERENCES \"topics\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"improvement_action_topics\" DROP CONSTRAINT \"FK_e5b67139442aa89bce437ddb018\"");
    await queryRunner.query("ALTER TABLE \"improvement_action_topics\" DROP CONSTRAINT \"FK_82586e9c273db9efe0036f06c35\"");
    await queryRunner.query("ALTER TABLE \"improvement_action_root_causes\" DROP CONSTRAINT \"FK_0683237797b298baa9404fda932\"");
    await queryRunner.query("ALTER TABLE \"improvement_action_root_causes\" DROP CONSTRAINT \"FK_7ae18587e1aa4819e2e489c4bf2\"");
    await queryRunner.query("ALTER TABLE \"improvement_actions\" DROP CONSTRAINT \"FK_93aa1d1d89241af690fb38f276a\"");
    await queryRunner.query("ALTER TABLE \"improvement_actions\" DROP CONSTRAINT \"FK_7d6d900bcd1a002767c320b6169\"");
    await queryRunner.query("ALTER TABLE \"improvement_actions\" DROP CONSTRAINT \"FK_474676e73bcc28c313b89ba2f59\"");
    await queryRunner.query("DROP INDEX \"public\".\"improvement_action_topics_topic_idx\"");
    await queryRunner.query("DROP TABLE \"improvement_action_topics\"");
    await queryRunner.query("DROP INDEX \"public\".\"improvement_action_root_causes_cause_idx\"");
    await queryRunner.query("DROP TABLE \"improvement_action_root_causes\"");
    await queryRunner.query("DROP INDEX \"public\".\"improvement_actions_open_due_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"improvement_actions_origin_review_idx\"");
    await queryRunner.query("DROP TABLE \"improvement_actions\"");
  }
}
