import { createDatabaseIfMissing, openDataSource, runTool } from './database-tool.js';

await runTool('db:migrate', async (config) => {
  await createDatabaseIfMissing(config.databaseUrl);
  const dataSource = await openDataSource(config, 'first-contact-migrate');
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    process.stdout.write(applied.length ? `applied ${applied.map((m) => m.name).join(', ')}\n` : 'schema is up to date\n');
  } finally {
    await dataSource.destroy();
  }
});
