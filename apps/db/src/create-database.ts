import { createDatabaseIfMissing, runTool } from './database-tool.js';

await runTool('db:create', async (config) => {
  const created = await createDatabaseIfMissing(config.databaseUrl);
  process.stdout.write(created ? 'database created\n' : 'database exists\n');
});
