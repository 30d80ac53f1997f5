import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ApiClient } from './support/api-client.js';
import { signIn, type SignedInAgent } from './support/agents.js';
import { checkJourneyInvariants } from './support/journey-invariants.js';
import { TestEnvironment } from './support/test-environment.js';

const CALLS = 50;
const AGENTS = 10;

describe('routing under concurrency, with two api instances on one database', () => {
  let env: TestEnvironment;
  let apis: ApiClient[];

  beforeAll(async () => {
    env = await TestEnvironment.create({ OFFER_TIMEOUT_SEC: '30' });
    apis = [(await env.startApi()).api, (await env.startApi()).api];
  });
  afterAll(() => env.close());

  it(`${CALLS} concurrent calls at ${AGENTS} agents: no agent holds two calls, no call is offered twice`, async () => {
    // Ten agents who can all take `tips` in Norwegian; everyone else stays offline.
    await env.db.query(`UPDATE agents SET state = 'offline'`);
    const usernames = Array.from({ length: AGENTS }, (_, i) => `agent${String(i + 1).padStart(2, '0')}`);
    await env.db.query(
      `INSERT INTO agent_skills (agent_id, skill_id, proficiency)
       SELECT a.id, s.id, 3 FROM agents a JOIN users u ON u.id = a.user_id, skills s
        WHERE u.username = ANY($1) AND s.key IN ('tips', 'lang:nb')
       ON CONFLICT (agent_id, skill_id) DO UPDATE SET proficiency = GREATEST(agent_skills.proficiency, 3)`,
      [usernames],
    );
    const agents = await Promise.all(usernames.map((username, i) => signIn(apis[i % 2]!, username)));
    await Promise.all(agents.map((agent, i) => apis[i % 2]!.setState(agent.token, 'available')));

    // Every call at once, spread over both instances.
    const created = await Promise.all(
      Array.from({ length: CALLS }, (_, i) =>
        apis[i % 2]!.telephony('/calls', { externalId: `burst-${i}`, callerNumber: `+479${String(1000000 + i)}`, topicKey: 'tips', language: 'nb' }),
      ),
    );
    expect(created.map((r) => r.status)).toEqual(Array(CALLS).fill(201));

    // Sampled while the bots work: the database never shows an agent with two active calls.
    let samples = 0;
    const sampler = setInterval(() => {
      void env.db
        .query(`SELECT agent_id FROM calls WHERE state IN ('offered', 'connected', 'wrap_up') GROUP BY agent_id HAVING count(*) > 1`)
        .then(({ rowCount }) => {
          samples++;
          if (rowCount) sampleViolations++;
        });
    }, 50);
    let sampleViolations = 0;

    const deadline = Date.now() + 60_000;
    const remaining = async () => Number((await env.db.query(`SELECT count(*) FROM calls WHERE state NOT IN ('completed', 'abandoned')`)).rows[0].count);
    const bot = async (agent: SignedInAgent, api: ApiClient, seed: number) => {
      let n = seed;
      const chance = () => ((n = (n * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      while (Date.now() < deadline && (await remaining()) > 0) {
        const { body: me } = await api.me(agent.token);
        if (me.offer) {
          const roll = chance();
          if (roll < 0.1) await api.callAction(agent.token, me.offer.callId, 'decline');
          else if (roll < 0.15) {
            await api.setState(agent.token, 'break', 'admin');
            await api.setState(agent.token, 'available');
          } else {
            const accepted = await api.callAction(agent.token, me.offer.callId, 'accept');
            if (accepted.status === 200) {
              await api.callAction(agent.token, me.offer.callId, 'end');
              await api.callAction(agent.token, me.offer.callId, 'outcome', { outcome: 'resolved', expectationAligned: true });
            }
          }
        } else {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    };
    await Promise.all(agents.map((agent, i) => bot(agent, apis[(i + 1) % 2]!, i + 1)));
    clearInterval(sampler);

    expect(await remaining()).toBe(0);
    const report = await checkJourneyInvariants(env.db);
    expect(report.calls).toBe(CALLS);
    expect(report.offers).toBeGreaterThanOrEqual(CALLS);
    expect(report.doubleOffers).toEqual([]);
    expect(report.overlappingHolds).toEqual([]);
    expect(report.badTerminals).toEqual([]);
    // Every agent took part: the load was really spread, not served by one lucky agent.
    expect(new Set(report.holds.map((h) => h.agentId)).size).toBe(AGENTS);
    expect(samples).toBeGreaterThan(10);
    expect(sampleViolations).toBe(0);
    // And every agent is back to a state without a call.
    const { rows } = await env.db.query(`SELECT DISTINCT state FROM agents WHERE state NOT IN ('offline', 'available', 'break')`);
    expect(rows).toEqual([]);
  });
});
