import { hashPassword } from '@fc/auth';
import { seedDemoData } from '@fc/persistence';
import { openDataSource, runTool } from './database-tool.js';

await runTool('db:seed', async (config) => {
  const dataSource = await openDataSource(config, 'first-contact-seed');
  try {
    const summary = await seedDemoData(dataSource, await hashPassword(config.demoPassword));
    process.stdout.write(`seeded ${summary.topics} topics, ${summary.skills} skills, ${summary.agents} agents, ${summary.users} users\n`);
  } finally {
    await dataSource.destroy();
  }
});
