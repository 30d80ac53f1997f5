import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Scored evaluations (docs/decisions/0040-scored-evaluations.md): versioned forms, evaluations that
 * keep the version they were scored with, and blind calibrations. A form version never changes once
 * written: the append-only guard of the journey and agent logs refuses an UPDATE of one.
 */
export class Evaluations1796433839064 implements MigrationInterface {
  name = 'Evaluations1796433839064';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"evaluation_forms\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"key\" character varying(64) NOT NULL, \"name_nb\" character varying(120) NOT NULL, \"name_en\" character varying(120) NOT NULL, \"active\" boolean NOT NULL DEFAULT true, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"UQ_819f88d576956efd55d4ec37619\" UNIQUE (\"key\"), CONSTRAINT \"PK_ffe7a049e5e5bbdf4251058fe32\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"evaluation_form_versions\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"form_id\" uuid NOT NULL, \"version\" integer NOT NULL, \"criteria\" jsonb NOT NULL, \"created_by_user_id\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"evaluation_form_versions_form_version_key\" UNIQUE (\"form_id\", \"version\"), CONSTRAINT \"PK_f749ff77258ea58ef613954744e\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"calibrations\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"review_id\" uuid NOT NULL, \"form_version_id\" uuid NOT NULL, \"started_by_user_id\" uuid NOT NULL, \"participant_user_ids\" uuid array NOT NULL, \"status\" character varying(16) NOT NULL DEFAULT 'open', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"closed_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_862106016f7d55e70021555fd7d\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"calibrations_review_idx\" ON \"calibrations\"  (\"review_id\") ");
    await queryRunner.query("CREATE TABLE \"evaluations\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"review_id\" uuid NOT NULL, \"form_version_id\" uuid NOT NULL, \"evaluator_user_id\" uuid NOT NULL, \"scores\" jsonb NOT NULL, \"score\" double precision NOT NULL, \"comment\" text, \"calibration_id\" uuid, \"submitted_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"acknowledged_at\" TIMESTAMP WITH TIME ZONE, \"acknowledgement_comment\" text, CONSTRAINT \"PK_f683b433eba0e6dae7e19b29e29\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"evaluations_calibration_evaluator_key\" ON \"evaluations\"  (\"calibration_id\", \"evaluator_user_id\") WHERE calibration_id IS NOT NULL");
    await queryRunner.query("CREATE INDEX \"evaluations_review_idx\" ON \"evaluations\"  (\"review_id\") ");
    await queryRunner.query("ALTER TABLE \"evaluation_form_versions\" ADD CONSTRAINT \"FK_6e93d8026666278b79e5d8467ba\" FOREIGN KEY (\"form_id\") REFERENCES \"evaluation_forms\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"evaluation_form_versions\" ADD CONSTRAINT \"FK_94d2fcb2937da7f06a0f546e73d\" FOREIGN KEY (\"created_by_user_id\") REFERENCES \"users\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"calibrations\" ADD CONSTRAINT \"FK_ec6b8ae4ca5f1cbb7478e0656c1\" FOREIGN KEY (\"review_id\") REFERENCES \"reviews\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"calibrations\" ADD CONSTRAINT \"FK_a375caedd81d869bba72429f2b9\" FOREIGN KEY (\"form_version_id\") REFERENCES \"evaluation_form_versions\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"calibrations\" ADD CONSTRAINT \"FK_7b46d3546ebdb9885164ce99687\" FOREIGN KEY (\"started_by_user_id\") REFERENCES \"users\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"evaluations\" ADD CONSTRAINT \"FK_05311fd0bba83fa8021b594b586\" FOREIGN KEY (\"review_id\") REFERENCES \"reviews\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"evaluations\" ADD CONSTRAINT \"FK_a4d36155751894485b3d54e22fa\" FOREIGN KEY (\"form_version_id\") REFERENCES \"evaluation_form_versions\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"evaluations\" ADD CONSTRAINT \"FK_8d629db94eb03675d1368ed57f2\" FOREIGN KEY (\"evaluator_user_id\") REFERENCES \"users\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"evaluations\" ADD CONSTRAINT \"FK_78ef62ecceee405f90c5f5082de\" FOREIGN KEY (\"calibration_id\") REFERENCES \"calibrations\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query('CREATE TRIGGER evaluation_form_versions_write_once BEFORE UPDATE ON "evaluation_form_versions" FOR EACH ROW EXECUTE FUNCTION append_only_refuse_change()');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER evaluation_form_versions_write_once ON "evaluation_form_versions"');
    await queryRunner.query("ALTER TABLE \"evaluations\" DROP CONSTRAINT \"FK_78ef62ecceee405f90c5f5082de\"");
    await queryRunner.query("ALTER TABLE \"evaluations\" DROP CONSTRAINT \"FK_8d629db94eb03675d1368ed57f2\"");
    await queryRunner.query("ALTER TABLE \"evaluations\" DROP CONSTRAINT \"FK_a4d36155751894485b3d54e22fa\"");
    await queryRunner.query("ALTER TABLE \"evaluations\" DROP CONSTRAINT \"FK_05311fd0bba83fa8021b594b586\"");
    await queryRunner.query("ALTER TABLE \"calibrations\" DROP CONSTRAINT \"FK_7b46d3546ebdb9885164ce99687\"");
    await queryRunner.query("ALTER TABLE \"calibrations\" DROP CONSTRAINT \"FK_a375caedd81d869bba72429f2b9\"");
    await queryRunner.query("ALTER TABLE \"calibrations\" DROP CONSTRAINT \"FK_ec6b8ae4ca5f1cbb7478e0656c1\"");
    await queryRunner.query("ALTER TABLE \"evaluation_form_versions\" DROP CONSTRAINT \"FK_94d2fcb2937da7f06a0f546e73d\"");
    await queryRunner.query("ALTER TABLE \"evaluation_form_versions\" DROP CONSTRAINT \"FK_6e93d8026666278b79e5d8467ba\"");
    await queryRunner.query("DROP INDEX \"public\".\"evaluations_review_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"evaluations_calibration_evaluator_key\"");
    await queryRunner.query("DROP TABLE \"evaluations\"");
    await queryRunner.query("DROP INDEX \"public\".\"calibrations_review_idx\"");
    await queryRunner.query("DROP TABLE \"calibrations\"");
    await queryRunner.query("DROP TABLE \"evaluation_form_versions\"");
    await queryRunner.query("DROP TABLE \"evaluation_forms\"");
  }
}
