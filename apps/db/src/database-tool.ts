import { AppConfig } from '@fc/config';
import { dataSourceOptions } from '@fc/persistence';
import pg from 'pg';
import { DataSource } from 'typeorm';

/** Opens the configured database for a one-off command. */
export async function openDataSource(config: AppConfig, applicationName: string): Promise<DataSource> {
  return new DataSource(dataSourceOptions({ url: config.databaseUrl, applicationName, poolSize: 2 })).initialize();
}

/** Creates the configured database when it does not exist yet; returns whether it did. */
export async function createDatabaseIfMissing(databaseUrl: string): Promise<boolean> {
  const target = new URL(databaseUrl);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[a-zA-Z0-9_]+$/.test(name)) throw new Error(`Database name must be letters, digits and "_": ${name}`);
  const maintenance = new URL(databaseUrl);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE "${name}"`);
    return true;
  } finally {
    await client.end();
  }
}

/** Runs a command's body, printing a clear error and exiting non-zero on failure. */
export async function runTool(name: string, body: (config: AppConfig) => Promise<void>): Promise<void> {
  const config = AppConfig.fromProcessOrExit();
  try {
    await body(config);
  } catch (error) {
    process.stderr.write(`${name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
