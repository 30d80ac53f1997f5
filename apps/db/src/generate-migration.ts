import { writeFileSync } from 'node:fs';
import { createDatabaseIfMissing, openDataSource, runTool } from './database-tool.js';

// Writes the SQL that brings the migrated database up to the entities as a new migration file.
// Read the SQL before committing; add the file to libs/persistence/src/migrations/index.ts.
await runTool('db:migration:generate', async (config) => {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('give the migration a PascalCase name');
  await createDatabaseIfMissing(config.databaseUrl);
  const dataSource = await openDataSource(config, 'first-contact-migrate');
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const { upQueries, downQueries } = await dataSource.driver.createSchemaBuilder().log();
    if (upQueries.length === 0) {
      process.stdout.write('entities and migrations agree; nothing to generate\n');
      return;
    }
    const timestamp = Date.now();
    const render = (queries: typeof upQueries) =>
      queries.map((q) => `    await queryRunner.query(${JSON.stringify(q.query)}${q.parameters?.length ? `, ${JSON.stringify(q.parameters)}` : ''});`).join('\n');
    const file = `libs/persistence/src/migrations/${timestamp}-${name}.ts`;
    writeFileSync(
      file,
      `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${timestamp} implements MigrationInterface {
  name = '${name}${timestamp}';

  async up(queryRunner: QueryRunner): Promise<void> {
${render(upQueries)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${render([...downQueries].reverse())}
  }
}
`,
    );
    process.stdout.write(`wrote ${file}\n`);
  } finally {
    await dataSource.destroy();
  }
});
