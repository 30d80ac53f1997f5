import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { hashPassword } from '@fc/auth';
import { DEMO_TOPICS } from '@fc/demo';
import { AgentEntity, CallEntity, CallEventEntity, EntityRows, PREPARED_STATEMENTS_PER_CONNECTION, dataSourceOptions, seedDemoData } from '@fc/persistence';
import { DataSource } from 'typeorm';
import { databaseUrl } from './support/test-run.js';
import { TestEnvironment } from './support/test-environment.js';

describe('schema and demo data', () => {
  let env: TestEnvironment;
  let dataSource: DataSource;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    dataSource = await new DataSource(dataSourceOptions({ url: databaseUrl(env.databaseName), applicationName: 'first-contact-test', poolSize: 2 })).initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await env.close();
  });

  it('has migrations that match the entities exactly (nothing left to generate)', async () => {
    const { upQueries } = await dataSource.driver.createSchemaBuilder().log();
    expect(upQueries.map((q) => q.query)).toEqual([]);
  });

  it('prepares each parameterised statement once per connection in the long-lived pools, and no more than the cap', async () => {
    const pooled = await new DataSource(dataSourceOptions({ url: databaseUrl(env.databaseName), applicationName: 'first-contact-test', poolSize: 1, preparedStatements: true })).initialize();
    try {
      const prepared = async () => (await pooled.query(`SELECT statement FROM pg_prepared_statements ORDER BY prepare_time`)).map((r: { statement: string }) => r.statement);
      for (let i = 0; i < 3; i++) expect(await pooled.query('SELECT $1::int + 1 AS n', [i])).toEqual([{ n: i + 1 }]);
      await pooled.query('SELECT 1');
      expect(await prepared()).toEqual(['SELECT $1::int + 1 AS n']);
      // Past the cap, new texts run unnamed and answer all the same.
      for (let i = 0; i < PREPARED_STATEMENTS_PER_CONNECTION + 5; i++) expect(await pooled.query(`SELECT $1::int AS n${i}`, [i])).toEqual([{ [`n${i}`]: i }]);
      expect(await prepared()).toHaveLength(PREPARED_STATEMENTS_PER_CONNECTION);
    } finally {
      await pooled.destroy();
    }
    // Migrations and tools prepare nothing.
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE $1::int = 1`, [1])).toEqual([{ n: 0 }]);
  });

  it("reads a call and an agent as plain rows exactly as TypeORM's find does, and refuses an entity whose columns need TypeORM's hydration", async () => {
    const manager = dataSource.manager;
    const [{ id: agentId }] = await manager.query(`SELECT id FROM agents ORDER BY id LIMIT 1`);
    await manager.query(`UPDATE agents SET endpoint = 'sip:rows@127.0.0.1', state_reason = NULL, last_offered_at = now() - interval '1 minute' WHERE id = $1`, [agentId]);
    // Every column set, of every type the shape reads: text, arrays, booleans, times, numbers, a char key.
    const [{ id: callId }] = await manager.query(
      `INSERT INTO calls (external_id, direction, state, topic_id, language, priority, transfer_count, agent_id, caller_key, outcome, expectation_aligned,
                          reason_codes, note, arrived_at, queued_at, waiting_since, escalation_step, answered_at, ended_at, completed_at, last_seq)
       SELECT 'rows-1', 'inbound', 'completed', t.id, 'nb', 3, 1, $1, repeat('a', 64), 'resolved', true,
              '{wrong_topic,"with space"}', 'a note', now() - interval '9 minutes', now() - interval '9 minutes', now() - interval '8 minutes', 2,
              now() - interval '7 minutes', now() - interval '2 minutes', now() - interval '1 minute', 4
         FROM topics t ORDER BY t.key LIMIT 1
       RETURNING id`,
      [agentId],
    );
    const read = async <T extends CallEntity | AgentEntity>(target: new () => T, id: string) => {
      const rows = EntityRows.of(manager, target);
      return rows.entities(await manager.query(`SELECT ${rows.columns} FROM ${rows.table} WHERE id = $1`, [id]))[0];
    };
    const call = await read(CallEntity, callId);
    expect(call).toBeInstanceOf(CallEntity);
    expect(call).toEqual(await manager.findOneByOrFail(CallEntity, { id: callId }));
    expect(call?.reasonCodes).toEqual(['wrong_topic', 'with space']);
    expect(call?.arrivedAt).toBeInstanceOf(Date);
    const agent = await read(AgentEntity, agentId);
    expect(agent).toBeInstanceOf(AgentEntity);
    expect(agent).toEqual(await manager.findOneByOrFail(AgentEntity, { id: agentId }));
    // A bigint (the writing transaction's id) is not among the types checked to read alike: refused.
    expect(() => EntityRows.of(manager, CallEventEntity)).toThrow(/xactId need TypeORM's hydration/);
    await manager.query(`DELETE FROM calls WHERE id = $1`, [callId]);
  });

  it('reverts every migration and applies them again', async () => {
    const applied = await dataSource.query('SELECT name FROM migrations ORDER BY id');
    for (let i = 0; i < applied.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    const { rows } = await env.db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`);
    expect(rows.map((r) => r.table_name)).toEqual(['migrations']);
    expect((await dataSource.runMigrations({ transaction: 'each' })).length).toBe(applied.length);
    await seedDemoData(dataSource, await hashPassword('demo1234'));
  });

  it('seeds the ten 02800 topics in Norwegian and English, and 43 people', async () => {
    const topics = await env.db.query(`SELECT t.key, t.name_nb, t.name_en, s.key AS skill FROM topics t JOIN skills s ON s.id = t.skill_id ORDER BY t.sort_order`);
    expect(topics.rows.map((t) => t.key)).toEqual(['passport', 'firearms', 'lost_property', 'report_offence', 'case_status', 'tips', 'foreigners', 'driving_licence', 'police_certificate', 'other']);
    for (const topic of topics.rows) {
      expect(topic.skill).toBe(topic.key);
      expect(topic.name_nb).not.toBe(topic.name_en);
    }
    const people = await env.db.query(`SELECT role, count(*)::int AS n FROM users GROUP BY role ORDER BY role`);
    expect(people.rows).toEqual([
      { role: 'admin', n: 1 },
      { role: 'agent', n: 40 },
      { role: 'quality', n: 1 },
      { role: 'supervisor', n: 1 },
    ]);
    const names = await env.db.query(`SELECT username FROM users WHERE role <> 'agent' ORDER BY username`);
    expect(names.rows.map((r) => r.username)).toEqual(['admin', 'quality01', 'super01']);
  });

  it('gives the floor a realistic mix: everyone Norwegian, most English, some other languages, experts for every topic', async () => {
    const languages = await env.db.query(`SELECT s.key, count(*)::int AS n FROM agent_skills a JOIN skills s ON s.id = a.skill_id WHERE s.kind = 'language' GROUP BY s.key`);
    const byLanguage = Object.fromEntries(languages.rows.map((r) => [r.key, r.n]));
    expect(byLanguage['lang:nb']).toBe(40);
    expect(byLanguage['lang:en']).toBeGreaterThanOrEqual(24);
    expect(byLanguage['lang:en']).toBeLessThan(40);
    expect(byLanguage['lang:pl']).toBeGreaterThanOrEqual(4);
    expect(Object.keys(byLanguage).length).toBeGreaterThanOrEqual(5);
    for (const topic of DEMO_TOPICS) {
      const experts = await env.db.query(`SELECT count(*)::int AS n FROM agent_skills a JOIN skills s ON s.id = a.skill_id WHERE s.key = $1 AND a.proficiency >= 4`, [topic.key]);
      expect({ topic: topic.key, experts: experts.rows[0].n >= 3 }).toEqual({ topic: topic.key, experts: true });
    }
    const perAgent = await env.db.query(`SELECT count(*)::int AS n FROM agent_skills a JOIN skills s ON s.id = a.skill_id WHERE s.kind = 'topic' GROUP BY a.agent_id`);
    for (const { n } of perAgent.rows) {
      expect(n).toBeGreaterThanOrEqual(2);
      expect(n).toBeLessThanOrEqual(6);
    }
  });

  it('seeds idempotently: a second run changes no counts and keeps ids', async () => {
    const count = async () =>
      (
        await env.db.query(
          `SELECT (SELECT count(*) FROM users) u, (SELECT count(*) FROM agents) a, (SELECT count(*) FROM agent_skills) s, (SELECT count(*) FROM topics) t, (SELECT string_agg(id::text, ',' ORDER BY id) FROM topics) ids`,
        )
      ).rows[0];
    const first = await count();
    await seedDemoData(dataSource, await hashPassword('demo1234'));
    expect(await count()).toEqual(first);
  });

  it('stores passwords only as argon2id hashes', async () => {
    const { rows } = await env.db.query(`SELECT DISTINCT substring(password_hash from 1 for 10) AS prefix FROM users`);
    expect(rows).toEqual([{ prefix: '$argon2id$' }]);
  });
});
