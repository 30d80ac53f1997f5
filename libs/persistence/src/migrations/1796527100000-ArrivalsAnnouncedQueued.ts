import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A call in `arrived` is not announced on the change feed (decision 0011). Every call is created
 * `arrived` and queued in the same transaction (an arrival from the IVR, a callback), and the
 * queueing announces the whole row, so the announcements of the INSERT and of any write before the
 * queueing reached every api process at the same commit, only to be overtaken there (decision 0065).
 */
export class ArrivalsAnnouncedQueued1796527100000 implements MigrationInterface {
  name = 'ArrivalsAnnouncedQueued1796527100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER calls_notify_floor ON "calls"');
    await queryRunner.query(`CREATE TRIGGER calls_notify_floor AFTER INSERT OR UPDATE ON "calls" FOR EACH ROW WHEN (NEW.state <> 'arrived') EXECUTE FUNCTION floor_notify_call()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER calls_notify_floor ON "calls"');
    await queryRunner.query('CREATE TRIGGER calls_notify_floor AFTER INSERT OR UPDATE ON "calls" FOR EACH ROW EXECUTE FUNCTION floor_notify_call()');
  }
}
