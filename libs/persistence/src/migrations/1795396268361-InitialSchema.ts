import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795396268361 implements MigrationInterface {
  name = 'InitialSchema1795396268361';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"users\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"username\" character varying(64) NOT NULL, \"password_hash\" character varying(255) NOT NULL, \"role\" character varying(16) NOT NULL, \"display_name\" character varying(120) NOT NULL, \"active\" boolean NOT NULL DEFAULT true, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"UQ_fe0bb3f6520ee0469504521e710\" UNIQUE (\"username\"), CONSTRAINT \"PK_a3ffb1c0c8416b9fc6f907b7433\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"agents\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"user_id\" uuid NOT NULL, \"team\" character varying(64), \"state\" character varying(16) NOT NULL DEFAULT 'offline', \"state_reason\" character varying(16), \"state_since\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"UQ_57ee94c84a8e570e362af59dcea\" UNIQUE (\"user_id\"), CONSTRAINT \"REL_57ee94c84a8e570e362af59dce\" UNIQUE (\"user_id\"), CONSTRAINT \"PK_9c653f28ae19c5884d5baf6a1d9\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"agents_available_idx\" ON \"agents\"  (\"state_since\") WHERE \"state\" = 'available'");
    await queryRunner.query("CREATE TABLE \"skills\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"key\" character varying(64) NOT NULL, \"kind\" character varying(16) NOT NULL, \"name_nb\" character varying(120) NOT NULL, \"name_en\" character varying(120) NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"UQ_24dfe4ab996e0cd7f3cd1393826\" UNIQUE (\"key\"), CONSTRAINT \"PK_0d3212120f4ecedf90864d7e298\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"agent_skills\" (\"agent_id\" uuid NOT NULL, \"skill_id\" uuid NOT NULL, \"proficiency\" smallint NOT NULL, CONSTRAINT \"agent_skills_proficiency_range\" CHECK (\"proficiency\" BETWEEN 1 AND 5), CONSTRAINT \"PK_fd964122f6c56b3b38160d60469\" PRIMARY KEY (\"agent_id\", \"skill_id\"))");
    await queryRunner.query("CREATE TABLE \"audit_log\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"actor_user_id\" uuid, \"actor_role\" character varying(16), \"action\" character varying(64) NOT NULL, \"entity_type\" character varying(32) NOT NULL, \"entity_id\" character varying(64), \"data\" jsonb NOT NULL DEFAULT '{}', CONSTRAINT \"PK_07fefa57f7f5ab8fc3f52b3ed0b\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"audit_log_actor_at_idx\" ON \"audit_log\"  (\"actor_user_id\", \"at\") ");
    await queryRunner.query("CREATE INDEX \"audit_log_entity_idx\" ON \"audit_log\"  (\"entity_type\", \"entity_id\") ");
    await queryRunner.query("CREATE TABLE \"topics\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"key\" character varying(64) NOT NULL, \"name_nb\" character varying(120) NOT NULL, \"name_en\" character varying(120) NOT NULL, \"skill_id\" uuid NOT NULL, \"min_proficiency\" smallint NOT NULL DEFAULT '1', \"priority\" integer NOT NULL DEFAULT '0', \"service_level_target_pct\" smallint NOT NULL DEFAULT '80', \"service_level_threshold_sec\" integer NOT NULL DEFAULT '20', \"strategy\" character varying(40) NOT NULL DEFAULT 'most_proficient_longest_idle', \"escalation_steps\" jsonb NOT NULL DEFAULT '[]', \"callback_target_min\" integer NOT NULL DEFAULT '240', \"closing_guidance_nb\" text NOT NULL DEFAULT '', \"closing_guidance_en\" text NOT NULL DEFAULT '', \"sort_order\" integer NOT NULL DEFAULT '0', \"active\" boolean NOT NULL DEFAULT true, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"UQ_eaefb97e676f9b9ada0d218c791\" UNIQUE (\"key\"), CONSTRAINT \"topics_service_level_target_range\" CHECK (\"service_level_target_pct\" BETWEEN 1 AND 100), CONSTRAINT \"topics_min_proficiency_range\" CHECK (\"min_proficiency\" BETWEEN 1 AND 5), CONSTRAINT \"PK_e4aa99a3fa60ec3a37d1fc4e853\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"calls\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"external_id\" character varying(128) NOT NULL, \"direction\" character varying(16) NOT NULL DEFAULT 'inbound', \"state\" character varying(24) NOT NULL, \"topic_id\" uuid NOT NULL, \"language\" character varying(8) NOT NULL, \"priority\" integer NOT NULL DEFAULT '0', \"transfer_count\" integer NOT NULL DEFAULT '0', \"agent_id\" uuid, \"caller_key\" character(64), \"outcome\" character varying(16), \"expectation_aligned\" boolean, \"reason_codes\" text array NOT NULL DEFAULT '{}', \"note\" text, \"arrived_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"queued_at\" TIMESTAMP WITH TIME ZONE, \"offer_expires_at\" TIMESTAMP WITH TIME ZONE, \"answered_at\" TIMESTAMP WITH TIME ZONE, \"ended_at\" TIMESTAMP WITH TIME ZONE, \"completed_at\" TIMESTAMP WITH TIME ZONE, \"repeat_of_call_id\" uuid, \"callback_of_call_id\" uuid, \"last_seq\" integer NOT NULL DEFAULT '0', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"UQ_3c8443bb7a183e889c7d278ce56\" UNIQUE (\"external_id\"), CONSTRAINT \"calls_transfer_count_non_negative\" CHECK (\"transfer_count\" >= 0), CONSTRAINT \"PK_d9171d91f8dd1a649659f1b6a20\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"calls_agent_idx\" ON \"calls\"  (\"agent_id\") ");
    await queryRunner.query("CREATE INDEX \"calls_caller_topic_idx\" ON \"calls\"  (\"caller_key\", \"topic_id\", \"arrived_at\") WHERE \"caller_key\" IS NOT NULL");
    await queryRunner.query("CREATE INDEX \"calls_waiting_idx\" ON \"calls\"  (\"priority\", \"queued_at\") WHERE \"state\" = 'queued'");
    await queryRunner.query("CREATE UNIQUE INDEX \"calls_one_active_call_per_agent\" ON \"calls\"  (\"agent_id\") WHERE \"state\" IN ('offered', 'connected', 'wrap_up')");
    await queryRunner.query("CREATE TABLE \"call_events\" (\"call_id\" uuid NOT NULL, \"seq\" integer NOT NULL, \"type\" character varying(32) NOT NULL, \"at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), \"agent_id\" uuid, \"data\" jsonb NOT NULL DEFAULT '{}', CONSTRAINT \"PK_604c2c45bf8ac856f9806ddca7a\" PRIMARY KEY (\"call_id\", \"seq\"))");
    await queryRunner.query("CREATE INDEX \"call_events_agent_at_idx\" ON \"call_events\"  (\"agent_id\", \"at\") ");
    await queryRunner.query("CREATE TABLE \"caller_numbers\" (\"call_id\" uuid NOT NULL, \"phone_e164\" character varying(20) NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_091bdd5c2893dcc893bce85c0a5\" PRIMARY KEY (\"call_id\"))");
    await queryRunner.query("CREATE TABLE \"feedback\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"call_id\" uuid NOT NULL, \"token_hash\" character(64) NOT NULL, \"expires_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"used_at\" TIMESTAMP WITH TIME ZONE, \"score\" smallint, \"comment\" text, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"UQ_b9970db5df2d20eef61c371d274\" UNIQUE (\"call_id\"), CONSTRAINT \"UQ_cba7cef5281d988fbe3839c3189\" UNIQUE (\"token_hash\"), CONSTRAINT \"REL_b9970db5df2d20eef61c371d27\" UNIQUE (\"call_id\"), CONSTRAINT \"feedback_score_range\" CHECK (\"score\" IS NULL OR \"score\" BETWEEN 1 AND 5), CONSTRAINT \"PK_8389f9e087a57689cd5be8b2b13\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"follow_ups\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"call_id\" uuid NOT NULL, \"kind\" character varying(32) NOT NULL, \"cause\" character varying(32) NOT NULL, \"status\" character varying(16) NOT NULL DEFAULT 'open', \"due_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"owner_user_id\" uuid, \"result\" text, \"done_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"follow_ups_call_kind_unique\" UNIQUE (\"call_id\", \"kind\"), CONSTRAINT \"PK_d510aabdff2ec7fdc67a1092157\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"follow_ups_open_due_idx\" ON \"follow_ups\"  (\"due_at\") WHERE \"status\" IN ('open', 'in_progress')");
    await queryRunner.query("CREATE TABLE \"reviews\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"call_id\" uuid NOT NULL, \"causes\" text array NOT NULL DEFAULT '{}', \"status\" character varying(16) NOT NULL DEFAULT 'open', \"reviewer_user_id\" uuid, \"root_causes\" text array NOT NULL DEFAULT '{}', \"agent_feedback\" text, \"learning\" text, \"learning_shared\" boolean NOT NULL DEFAULT false, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"UQ_68786e8a1490948018e4ea67289\" UNIQUE (\"call_id\"), CONSTRAINT \"REL_68786e8a1490948018e4ea6728\" UNIQUE (\"call_id\"), CONSTRAINT \"PK_231ae565c273ee700b283f15c1d\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("ALTER TABLE \"agents\" ADD CONSTRAINT \"FK_57ee94c84a8e570e362af59dcea\" FOREIGN KEY (\"user_id\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"agent_skills\" ADD CONSTRAINT \"FK_7e3bd2dae3d5a1b6dd3247f09b6\" FOREIGN KEY (\"agent_id\") REFERENCES \"agents\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"agent_skills\" ADD CONSTRAINT \"FK_2704e08347130ae2a3e132b9bcd\" FOREIGN KEY (\"skill_id\") REFERENCES \"skills\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"topics\" ADD CONSTRAINT \"FK_e740d984d3132cd5bb162592aa2\" FOREIGN KEY (\"skill_id\") REFERENCES \"skills\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"calls\" ADD CONSTRAINT \"FK_efbfdd6bb6dabb94ee915c09653\" FOREIGN KEY (\"topic_id\") REFERENCES \"topics\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"calls\" ADD CONSTRAINT \"FK_41eb007cd2aa579cf99aa2341c9\" FOREIGN KEY (\"agent_id\") REFERENCES \"agents\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"calls\" ADD CONSTRAINT \"FK_186f3a3d4dc320b87f3513a49da\" FOREIGN KEY (\"repeat_of_call_id\") REFERENCES \"calls\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"calls\" ADD CONSTRAINT \"FK_6e8f0bcf58d7003855e7db88ee0\" FOREIGN KEY (\"callback_of_call_id\") REFERENCES \"calls\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"call_events\" ADD CONSTRAINT \"FK_c4f8fb033e6fc8bb81ff892b41b\" FOREIGN KEY (\"call_id\") REFERENCES \"calls\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"call_events\" ADD CONSTRAINT \"FK_04b031b5f165c1ea92651dbc67b\" FOREIGN KEY (\"agent_id\") REFERENCES \"agents\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"caller_numbers\" ADD CONSTRAINT \"FK_091bdd5c2893dcc893bce85c0a5\" FOREIGN KEY (\"call_id\") REFERENCES \"calls\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"feedback\" ADD CONSTRAINT \"FK_b9970db5df2d20eef61c371d274\" FOREIGN KEY (\"call_id\") REFERENCES \"calls\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"follow_ups\" ADD CONSTRAINT \"FK_68983440111126042f7f02a7ecf\" FOREIGN KEY (\"call_id\") REFERENCES \"calls\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"follow_ups\" ADD CONSTRAINT \"FK_2ae67965ed298872a88598c4dff\" FOREIGN KEY (\"owner_user_id\") REFERENCES \"users\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"reviews\" ADD CONSTRAINT \"FK_68786e8a1490948018e4ea67289\" FOREIGN KEY (\"call_id\") REFERENCES \"calls\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"reviews\" ADD CONSTRAINT \"FK_a012538eb1c025bb46222968b90\" FOREIGN KEY (\"reviewer_user_id\") REFERENCES \"users\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    // The journey log is append-only: history is evidence for quality reviews and metrics.
    await queryRunner.query(`CREATE FUNCTION call_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'call_events is append-only' USING ERRCODE = 'restrict_violation';
      END $$`);
    await queryRunner.query(
      'CREATE TRIGGER call_events_append_only BEFORE UPDATE OR DELETE ON "call_events" FOR EACH ROW EXECUTE FUNCTION call_events_refuse_change()',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER call_events_append_only ON "call_events"');
    await queryRunner.query('DROP FUNCTION call_events_refuse_change()');
    await queryRunner.query("ALTER TABLE \"reviews\" DROP CONSTRAINT \"FK_a012538eb1c025bb46222968b90\"");
    await queryRunner.query("ALTER TABLE \"reviews\" DROP CONSTRAINT \"FK_68786e8a1490948018e4ea67289\"");
    await queryRunner.query("ALTER TABLE \"follow_ups\" DROP CONSTRAINT \"FK_2ae67965ed298872a88598c4dff\"");
    await queryRunner.query("ALTER TABLE \"follow_ups\" DROP CONSTRAINT \"FK_68983440111126042f7f02a7ecf\"");
    await queryRunner.query("ALTER TABLE \"feedback\" DROP CONSTRAINT \"FK_b9970db5df2d20eef61c371d274\"");
    await queryRunner.query("ALTER TABLE \"caller_numbers\" DROP CONSTRAINT \"FK_091bdd5c2893dcc893bce85c0a5\"");
    await queryRunner.query("ALTER TABLE \"call_events\" DROP CONSTRAINT \"FK_04b031b5f165c1ea92651dbc67b\"");
    await queryRunner.query("ALTER TABLE \"call_events\" DROP CONSTRAINT \"FK_c4f8fb033e6fc8bb81ff892b41b\"");
    await queryRunner.query("ALTER TABLE \"calls\" DROP CONSTRAINT \"FK_6e8f0bcf58d7003855e7db88ee0\"");
    await queryRunner.query("ALTER TABLE \"calls\" DROP CONSTRAINT \"FK_186f3a3d4dc320b87f3513a49da\"");
    await queryRunner.query("ALTER TABLE \"calls\" DROP CONSTRAINT \"FK_41eb007cd2aa579cf99aa2341c9\"");
    await queryRunner.query("ALTER TABLE \"calls\" DROP CONSTRAINT \"FK_efbfdd6bb6dabb94ee915c09653\"");
    await queryRunner.query("ALTER TABLE \"topics\" DROP CONSTRAINT \"FK_e740d984d3132cd5bb162592aa2\"");
    await queryRunner.query("ALTER TABLE \"agent_skills\" DROP CONSTRAINT \"FK_2704e08347130ae2a3e132b9bcd\"");
    await queryRunner.query("ALTER TABLE \"agent_skills\" DROP CONSTRAINT \"FK_7e3bd2dae3d5a1b6dd3247f09b6\"");
    await queryRunner.query("ALTER TABLE \"agents\" DROP CONSTRAINT \"FK_57ee94c84a8e570e362af59dcea\"");
    await queryRunner.query("DROP TABLE \"reviews\"");
    await queryRunner.query("DROP INDEX \"public\".\"follow_ups_open_due_idx\"");
    await queryRunner.query("DROP TABLE \"follow_ups\"");
    await queryRunner.query("DROP TABLE \"feedback\"");
    await queryRunner.query("DROP TABLE \"caller_numbers\"");
    await queryRunner.query("DROP INDEX \"public\".\"call_events_agent_at_idx\"");
    await queryRunner.query("DROP TABLE \"call_events\"");
    await queryRunner.query("DROP INDEX \"public\".\"calls_one_active_call_per_agent\"");
    await queryRunner.query("DROP INDEX \"public\".\"calls_waiting_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"calls_caller_topic_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"calls_agent_idx\"");
    await queryRunner.query("DROP TABLE \"calls\"");
    await queryRunner.query("DROP TABLE \"topics\"");
    await queryRunner.query("DROP INDEX \"public\".\"audit_log_entity_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"audit_log_actor_at_idx\"");
    await queryRunner.query("DROP TABLE \"audit_log\"");
    await queryRunner.query("DROP TABLE \"agent_skills\"");
    await queryRunner.query("DROP TABLE \"skills\"");
    await queryRunner.query("DROP INDEX \"public\".\"agents_available_idx\"");
    await queryRunner.query("DROP TABLE \"agents\"");
    await queryRunner.query("DROP TABLE \"users\"");
  }
}
