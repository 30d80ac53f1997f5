import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A done improvement action keeps its effect as last measured, and when (decision 0038): the list
 * by effect and the public page read it instead of running metrics reports on every read.
 */
export class ImprovementActionEffects1796436000000 implements MigrationInterface {
  name = 'ImprovementActionEffects1796436000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "improvement_actions" ADD "effect" jsonb`);
    await queryRunner.query(`ALTER TABLE "improvement_actions" ADD "effect_measured_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "improvement_actions" DROP COLUMN "effect_measured_at"`);
    await queryRunner.query(`ALTER TABLE "improvement_actions" DROP COLUMN "effect"`);
  }
}
