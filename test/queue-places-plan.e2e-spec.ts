import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { QueuePlacesRepository } from '@fc/journey';
import type { EntityManager } from 'typeorm';
import { genericPlansOf, nodesOf, type PlanNode } from './support/plans.js';
import { TestEnvironment } from './support/test-environment.js';

/**
 * The queue wait estimate's statements (QueuePlacesRepository) run in every arrival's transaction
 * and on every routing tick. Its handle times (read at most every 30 s) come from the last hour's
 * completed calls: on a year of history that must be an index range, not a scan of every call
 * (decision 0036).
 */
describe("the queue places' statement on a year of calls", () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    const client = await env.db.connect();
    try {
      // History straight into the table, as the history generator loads it: its triggers are for live changes.
      await client.query(`SET session_replication_role = replica`);
      await client.query(
        `INSERT INTO calls (external_id, state, topic_id, language, arrived_at, queued_at, waiting_since, answered_at, ended_at, completed_at, outcome, expectation_aligned)
         SELECT 'history-' || g, 'completed', t.id, 'nb', at - interval '10 minutes', at - interval '10 minutes', at - interval '10 minutes', at - interval '6 minutes', at - interval '1 minute', at, 'resolved', true
           FROM generate_series(1, 30000) g
           CROSS JOIN LATERAL (SELECT now() - (g * interval '17 minutes') AS at) a
           JOIN LATERAL (SELECT id FROM topics ORDER BY key OFFSET g % 10 LIMIT 1) t ON true`,
      );
      await client.query(
        `INSERT INTO calls (external_id, state, topic_id, language, arrived_at, queued_at, waiting_since)
         SELECT 'waiting-' || g, 'queued', t.id, 'nb', now(), now(), now() FROM generate_series(1, 10) g JOIN LATERAL (SELECT id FROM topics ORDER BY key OFFSET g % 10 LIMIT 1) t ON true`,
      );
      await client.query('ANALYZE calls');
    } finally {
      client.release();
    }
  });
  afterAll(() => env?.close());

  /** The repository with staff counts as a live floor would give them: these tests are about its statements. */
  const repositoryOf = () => {
    const repository = new QueuePlacesRepository(env.config());
    repository.countStaffWith({ staffOf: () => ({ idle: 0, busy: 1 }) });
    return repository;
  };
  /** One made-up queued call, so that the repository goes on to read the handle times. */
  const queuedRow = { id: 'queued', topic_key: 'passport', position: 1, topic_id: 'passport', language: 'nb', skill: 'passport', min_proficiency: 1 };

  it('finds the last hour’s completed calls by calls_completed_at_idx, scanning no table of calls', async () => {
    const plans: PlanNode[] = [];
    // The repository's own statements and parameters, explained instead of run. The places come
    // back as one made-up queued call, so the repository goes on to read the handle times.
    const explaining = {
      query: async (sql: string, parameters: unknown[]) => {
        plans.push((await env.db.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(`EXPLAIN (FORMAT JSON) ${sql}`, parameters)).rows[0]!['QUERY PLAN'][0]!.Plan);
        return plans.length === 1 ? [queuedRow] : [];
      },
    } as unknown as EntityManager;
    await repositoryOf().placesOfAllQueued(explaining);
    expect(plans).toHaveLength(2);
    const nodes = plans.flatMap(nodesOf);
    expect(nodes.map((node) => node['Index Name']).filter(Boolean)).toContain('calls_completed_at_idx');
    expect(nodes.filter((node) => node['Node Type'] === 'Seq Scan' && node['Relation Name'] === 'calls')).toEqual([]);
  });

  it('scans no table of calls either in the generic plan a prepared statement settles on', async () => {
    // The api prepares its statements (PreparingClient): after five runs PostgreSQL may keep one
    // plan for any parameters, which cannot use a partial index whose predicate is a parameter.
    const repository = repositoryOf();
    const queued = (await env.db.query<{ id: string }>(`SELECT id FROM calls WHERE state = 'queued' LIMIT 2`)).rows.map((r) => r.id);
    const plans = await genericPlansOf(
      env.db,
      async (manager) => {
        await repository.placesOfAllQueued(manager);
        await repository.placesOf(manager, queued);
      },
      // The places come back as one made-up queued call, so the repository reads the handle times.
      (index) => (index === 0 ? [queuedRow] : []),
    );
    // All queued, then two calls (the handle times are read once, kept 30 s).
    expect(plans).toHaveLength(3);
    const nodes = plans.flatMap(nodesOf);
    expect(nodes.filter((node) => node['Node Type'] === 'Seq Scan' && node['Relation Name'] === 'calls')).toEqual([]);
    // The generic plan guesses one queued call. Inlined, the queue's order would be worked out
    // again for every queued call (1.6 s for 300 queued, measured); it is worked out once instead.
    for (const plan of [plans[0]!, plans[2]!]) {
      expect(
        nodesOf(plan)
          .map((node) => node['Subplan Name'])
          .filter(Boolean),
      ).toEqual(expect.arrayContaining(['CTE ranked']));
    }
    // The staff counts come from the live floor (decision 0056): no agent, nor an agent's skill, is read.
    expect(nodes.map((node) => node['Relation Name']).filter((relation) => relation === 'agents' || relation === 'agent_skills')).toEqual([]);
  });
});
