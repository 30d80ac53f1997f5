import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JourneyTransaction } from '@fc/journey';
import { RoutingCandidatesRepository } from '@fc/routing';
import { genericPlansOf, nodesOf } from './support/plans.js';
import { TestEnvironment } from './support/test-environment.js';

/**
 * The routing leader reads the whole floor, with whether each agent holds a call, and every offer
 * checks the agents it pairs. Which calls an agent holds is what the one-active-call index keeps:
 * on a running line's database, where each agent has hundreds of finished calls, the check must go
 * through that index, not through every call the agent ever had (a number that only grows).
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

  it('finds the calls agents hold by the one-active-call index, in the generic plan of a prepared statement too', async () => {
    const agentIds = (await env.db.query<{ id: string }>('SELECT id FROM agents ORDER BY id LIMIT 20')).rows.map((r) => r.id);
    const plans = await genericPlansOf(env.db, async (manager) => {
      await new RoutingCandidatesRepository().findFloorAgents(manager);
      await new JourneyTransaction(manager).agentsHoldingCalls(agentIds);
    });
    expect(plans).toHaveLength(2);
    for (const plan of plans) {
      const nodes = nodesOf(plan);
      expect(nodes.filter((node) => node['Relation Name'] === 'calls').map((node) => node['Index Name'] ?? node['Node Type'])).toEqual(['calls_one_active_call_per_agent']);
    }
  });
});
