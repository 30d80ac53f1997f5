import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Routing rounds asked for, numbered across every api process (docs/decisions/0049). A process
 * that wants a round takes a number and tries the round lock without waiting: if another process
 * holds it, that one runs again after its commit when a number was taken after it read its own.
 */
export class RoutingRoundRequests1796440200000 implements MigrationInterface {
  name = 'RoutingRoundRequests1796440200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE SEQUENCE "routing_round_requests"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP SEQUENCE "routing_round_requests"');
  }
}
