import { openDataSource, runTool } from './database-tool.js';

await runTool('db:revert', async (config) => {
  const dataSource = await openDataSource(config, 'first-contact-migrate');
  try {
    await dataSource.undoLastMigration({ transaction: 'each' });
    process.stdout.write('reverted the last migration\n');
  } finally {
    await dataSource.destroy();
  }
});
