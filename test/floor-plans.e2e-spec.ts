import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JourneyTransaction } from '@fc/journey';
import { RoutingCandidatesRepository } from '@fc/routing';
import { genericPlansOf, nodesOf } from './support/plans.js';
import { TestEnvironment } from './support/test-environment.js';

/**
 * The routing leader reads the whole floor, with whether each agent holds a call, and every offer
 * checks the agents it pairs. Which calls an agent holds is what the one-active-call index keeps:
 * on a running line's database, where each agent has hundreds of finished calls and callers wait,
 * the check must go through that index, not through every call the agent ever had (a number that
 * only grows) nor through every call in progress (a number that grows with the queue).
 */
describe("the floor's holding checks on a month of calls", () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    // A month of history, its agents the demo floor's; the generator vacuums and analyzes.
    await env.generateHistory(['--calls=20000', '--days=30']);
    await env.db.query(`UPDATE agents SET state = 'available'`);
  });
  afterAll(() => env?.close());

  /** The indexes (or scans) by which the generic plans of the floor's read and an offer's holding check reach `calls`. */
  const callsReadBy = async (): Promise<string[][]> => {
    const agentIds = (await env.db.query<{ id: string }>('SELECT id FROM agents ORDER BY id LIMIT 20')).rows.map((r) => r.id);
    const plans = await genericPlansOf(env.db, async (manager) => {
      await new RoutingCandidatesRepository().findFloorAgents(manager);
      await new JourneyTransaction(manager).agentsHoldingCalls(agentIds);
    });
    expect(plans).toHaveLength(2);
    return plans.map((plan) =>
      nodesOf(plan)
        .filter((node) => node['Relation Name'] === 'calls')
        .map((node) => String(node['Index Name'] ?? node['Node Type'])),
    );
  };

  // With no call in progress both partial indexes of live calls are empty, and PostgreSQL rightly
  // finds reading either equally cheap: which one it takes changed with the day the history ended.
  it('reads only calls in progress when none is', async () => {
    for (const indexes of await callsReadBy()) {
      expect(indexes).toHaveLength(1);
      expect(['calls_one_active_call_per_agent', 'calls_live_queued_at_idx']).toContain(indexes[0]);
    }
  });

  it('finds the calls agents hold by the one-active-call index while callers wait and agents talk, in the generic plan of a prepared statement too', async () => {
    const topic = `(SELECT id FROM topics ORDER BY key LIMIT 1)`;
    await env.db.query(
      `INSERT INTO calls (external_id, state, topic_id, language, arrived_at, queued_at, waiting_since)
       SELECT 'plans-queued-' || n, 'queued', ${topic}, 'nb', now(), now(), now() FROM generate_series(1, 300) n`,
    );
    await env.db.query(
      `INSERT INTO calls (external_id, state, topic_id, language, arrived_at, queued_at, waiting_since, agent_id, answered_at)
       SELECT 'plans-talking-' || a.id, 'connected', ${topic}, 'nb', now(), now(), now(), a.id, now() FROM (SELECT id FROM agents ORDER BY id LIMIT 10) a`,
    );
    await env.db.query('ANALYZE calls');
    expect(await callsReadBy()).toEqual([['calls_one_active_call_per_agent'], ['calls_one_active_call_per_agent']]);
  });
});
