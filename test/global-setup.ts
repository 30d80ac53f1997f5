// Jest loads this file outside its module mapper: import only packages (built `@fc/*` ones
// included, which `npm test` builds first), never relative files.
import { hashPassword } from '@fc/auth';
import { dataSourceOptions, seedDemoData } from '@fc/persistence';
import pg from 'pg';
import { DataSource } from 'typeorm';

/** Where this machine's PostgreSQL and Redis are; the same defaults as the app's local config. */
export const TEST_SERVER_DATABASE_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function databaseUrl(name: string): string {
  const url = new URL(TEST_SERVER_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs `work` with a client on the server's maintenance database. */
export async function withServerClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_SERVER_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Once per run: a template database with the real migrations and the demo data. Each test file
 * clones it (CREATE DATABASE … TEMPLATE), which takes a fraction of a second.
 */
export default async function globalSetup(): Promise<void> {
  const run = `fc_test_${Date.now().toString(36)}_${process.pid}`;
  const template = `${run}_template`;
  await withServerClient((client) => client.query(`CREATE DATABASE "${template}"`));
  const dataSource = await new DataSource(dataSourceOptions({ url: databaseUrl(template), applicationName: 'first-contact-test-setup', poolSize: 2 })).initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    await seedDemoData(dataSource, await hashPassword('demo1234'));
  } finally {
    await dataSource.destroy();
  }
  process.env.FC_TEST_RUN = run;
  process.env.FC_TEST_TEMPLATE_DB = template;
  process.stdout.write(`\ntest databases: ${run}_* on ${new URL(TEST_SERVER_DATABASE_URL).host}\n`);
}
