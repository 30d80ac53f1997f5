export { TEST_REDIS_URL, TEST_SERVER_DATABASE_URL, databaseUrl, withServerClient } from '../global-setup.js';

/** The template database the global setup migrated and seeded for this run. */
export function templateDatabase(): string {
  const name = process.env.FC_TEST_TEMPLATE_DB;
  if (!name) throw new Error('FC_TEST_TEMPLATE_DB is not set: run e2e tests through jest (global setup)');
  return name;
}
