import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RoutingRounds1795401598341 implements MigrationInterface {
  name = 'RoutingRounds1795401598341';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"routing_rounds\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"started_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"finished_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"snapshot\" text NOT NULL, \"xact_id\" bigint NOT NULL, \"waiting\" integer NOT NULL, \"offered\" integer NOT NULL, \"escalated\" integer NOT NULL, CONSTRAINT \"PK_03d29ab6bf67be6b7b73b57cf18\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"routing_rounds_started_at_idx\" ON \"routing_rounds\"  (\"started_at\") ");
    await queryRunner.query("ALTER TABLE \"agent_events\" ADD \"xact_id\" bigint");
    await queryRunner.query("ALTER TABLE \"call_events\" ADD \"xact_id\" bigint");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"call_events\" DROP COLUMN \"xact_id\"");
    await queryRunner.query("ALTER TABLE \"agent_events\" DROP COLUMN \"xact_id\"");
    await queryRunner.query("DROP INDEX \"public\".\"routing_rounds_started_at_idx\"");
    await queryRunner.query("DROP TABLE \"routing_rounds\"");
  }
}
