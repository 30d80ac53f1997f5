import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually, type ApiClient } from './support/api-client.js';
import { canTakeTipsInNorwegian, signIn, waitForOffer, type SignedInAgent } from './support/agents.js';
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
    await canTakeTipsInNorwegian(env, usernames);
    const agents = await Promise.all(usernames.map((username, i) => signIn(apis[i % 2]!, username)));
    await Promise.all(agents.map((agent, i) => apis[i % 2]!.setState(agent.token, 'available')));

    // Every call at once, spread over both instances.
    const created = await Promise.all(
      Array.from({ length: CALLS }, (_, i) => apis[i % 2]!.telephony('/calls', { externalId: `burst-${i}`, callerNumber: `+479${String(1000000 + i)}`, topicKey: 'tips', language: 'nb' })),
    );
    expect(created.map((r) => r.status)).toEqual(Array(CALLS).fill(201));

    // Sampled while the bots work: the database never shows an agent with two active calls.
    let samples = 0;
    const sampler = setInterval(() => {
      void env.db.query(`SELECT agent_id FROM calls WHERE state IN ('offered', 'connected', 'wrap_up') GROUP BY agent_id HAVING count(*) > 1`).then(({ rowCount }) => {
        samples++;
        if (rowCount) sampleViolations++;
      });
    }, 50);
    let sampleViolations = 0;

    const deadline = Date.now() + 60_000;
    const remaining = async () => Number((await env.db.query(`SELECT count(*) FROM calls WHERE state NOT IN ('completed', 'abandoned')`)).rows[0].count);
    const bot = async (agent: SignedInAgent, api: ApiClient, seed: number) => {
      let n = seed;
      const chance = () => (n = (n * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      for (;;) {
        // The agent's next offer, or none once every call is finished.
        const offer = await eventually(
          async () => {
            const { body: me } = await api.me(agent.token);
            if (me.offer) return me.offer;
            return (await remaining()) === 0 ? null : undefined;
          },
          `an offer to ${agent.username}, or every call finished`,
          deadline - Date.now(),
        );
        if (!offer) return;
        const roll = chance();
        if (roll < 0.1) await api.callAction(agent.token, offer.callId, 'decline');
        else if (roll < 0.15) {
          await api.setState(agent.token, 'break', 'admin');
          await api.setState(agent.token, 'available');
        } else {
          const accepted = await api.callAction(agent.token, offer.callId, 'accept');
          if (accepted.status === 200) {
            await api.callAction(agent.token, offer.callId, 'end');
            await api.callAction(agent.token, offer.callId, 'outcome', { outcome: 'resolved', expectationAligned: true });
          }
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

/**
 * DESIGN §4, "State changes never race an offer": asking a reserved agent to become available
 * changes nothing, and a routing round that meets one bad pair offers the rest.
 */
describe('a reserved agent asked to become available, with two api instances', () => {
  let env: TestEnvironment;
  let apis: ApiClient[];
  let supervisorToken: string;
  let n = 0;
  const call = (api: ApiClient) => api.telephony('/calls', { externalId: `race-${++n}`, topicKey: 'tips', language: 'nb' });

  beforeAll(async () => {
    env = await TestEnvironment.create({ OFFER_TIMEOUT_SEC: '30' });
    apis = [(await env.startApi()).api, (await env.startApi()).api];
    supervisorToken = (await apis[0]!.login('super01')).accessToken;
  });
  afterAll(() => env.close());

  /** Three agents who take `tips` in Norwegian; everyone else offline, nothing waiting. */
  async function floorOfThree(): Promise<SignedInAgent[]> {
    await env.db.query(
      `UPDATE calls SET state = 'abandoned', agent_id = NULL, offer_expires_at = NULL, ended_at = now(), completed_at = now() WHERE state NOT IN ('completed', 'abandoned', 'callback_requested')`,
    );
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    const usernames = ['agent01', 'agent02', 'agent03'];
    await canTakeTipsInNorwegian(env, usernames);
    return Promise.all(usernames.map((username, i) => signIn(apis[i % 2]!, username)));
  }

  const offerOf = (api: ApiClient, agent: SignedInAgent) => eventually(async () => (await api.me(agent.token)).body.offer?.callId, `an offer to ${agent.username}`, 5000);

  it('stays reserved when the supervisor and the agent ask for available, and every other agent is offered a waiting call', async () => {
    const [reserved, second, third] = await floorOfThree();
    await apis[0]!.setState(reserved!.token, 'available');
    const first = (await call(apis[1]!)).body.callId;
    expect(await offerOf(apis[0]!, reserved!)).toBe(first);

    // The supervisor's editor defaults to available; the agent's second tab asks the same.
    const bySupervisor = await apis[0]!.request('PUT', `/api/agents/${reserved!.agentId}/state`, { state: 'available' }, { token: supervisorToken });
    expect(bySupervisor.status).toBe(200);
    expect(bySupervisor.body).toMatchObject({ state: 'reserved', offer: { callId: first } });
    const byAgent = await apis[1]!.setState(reserved!.token, 'available');
    expect(byAgent.status).toBe(200);
    expect(byAgent.body).toMatchObject({ state: 'reserved', offer: { callId: first } });

    // Other callers and agents keep being paired while the offer is pending.
    const waiting = [(await call(apis[0]!)).body.callId, (await call(apis[1]!)).body.callId];
    await apis[1]!.setState(second!.token, 'available');
    await apis[0]!.setState(third!.token, 'available');
    const offered = [await offerOf(apis[1]!, second!), await offerOf(apis[0]!, third!)];
    expect(offered.sort()).toEqual([...waiting].sort());
    expect((await apis[0]!.me(reserved!.token)).body).toMatchObject({ state: 'reserved', offer: { callId: first } });
    const report = await checkJourneyInvariants(env.db);
    expect(report.doubleOffers).toEqual([]);
    expect(report.overlappingHolds).toEqual([]);
  });

  it('offers every other pair in the same round when one agent row is bad', async () => {
    const [bad, second, third] = await floorOfThree();
    await apis[0]!.setState(bad!.token, 'available');
    const held = (await call(apis[0]!)).body.callId;
    expect(await offerOf(apis[0]!, bad!)).toBe(held);
    // Two callers wait with nobody free to take them...
    const waiting = [(await call(apis[1]!)).body.callId, (await call(apis[0]!)).body.callId];
    // ...then, in one change no api made, three agents look available: one of them still holds
    // an offer (the row a lost race would leave), and is the one the policy would pick first (the
    // most proficient, idle the longest). The periodic round sees them all at once.
    await env.db.query(`UPDATE agent_skills SET proficiency = 5 WHERE agent_id = $1 AND skill_id = (SELECT id FROM skills WHERE key = 'tips')`, [bad!.agentId]);
    await env.db.query(`UPDATE agents SET state = 'available', state_since = CASE WHEN id = $1 THEN now() - interval '1 hour' ELSE now() END WHERE id = ANY($2)`, [
      bad!.agentId,
      [bad!.agentId, second!.agentId, third!.agentId],
    ]);
    const offers = await eventually(async () => {
      const { rows } = await env.db.query<{ call_id: string; agent_id: string; xact_id: string }>(
        `SELECT call_id, agent_id, xact_id::text FROM call_events WHERE type = 'offered' AND call_id = ANY($1)`,
        [waiting],
      );
      return rows.length === 2 ? rows : undefined;
    }, 'both waiting calls offered');
    // One round (one transaction) offered both, to the two agents without a call.
    expect(new Set(offers.map((o) => o.xact_id)).size).toBe(1);
    expect(offers.map((o) => o.agent_id).sort()).toEqual([second!.agentId, third!.agentId].sort());
    const { rows: held2 } = await env.db.query(`SELECT id FROM calls WHERE agent_id = $1 AND state IN ('offered', 'connected')`, [bad!.agentId]);
    expect(held2).toEqual([{ id: held }]);
  });

  it('skips a pair whose offer cannot be written and offers every other call in the same round', async () => {
    const [bad, second, third] = await floorOfThree();
    // Any write for this agent fails, as an unforeseen bad row would; and the policy picks them first.
    await env.db.query(`UPDATE agent_skills SET proficiency = 5 WHERE agent_id = $1 AND skill_id = (SELECT id FROM skills WHERE key = 'tips')`, [bad!.agentId]);
    await env.db.query(`CREATE FUNCTION refuse_reserving() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.state = 'reserved' AND NEW.agent_id = '${bad!.agentId}' THEN RAISE EXCEPTION 'this agent cannot be reserved'; END IF; RETURN NEW; END $$`);
    await env.db.query(`CREATE TRIGGER refuse_reserving BEFORE INSERT ON agent_events FOR EACH ROW EXECUTE FUNCTION refuse_reserving()`);
    try {
      const waiting = [(await call(apis[1]!)).body.callId, (await call(apis[0]!)).body.callId];
      await env.db.query(`UPDATE agents SET state = 'available', state_since = CASE WHEN id = $1 THEN now() - interval '1 hour' ELSE now() END WHERE id = ANY($2)`, [
        bad!.agentId,
        [bad!.agentId, second!.agentId, third!.agentId],
      ]);
      const offers = await eventually(async () => {
        const { rows } = await env.db.query<{ agent_id: string; xact_id: string }>(`SELECT agent_id, xact_id::text FROM call_events WHERE type = 'offered' AND call_id = ANY($1)`, [waiting]);
        return rows.length === 2 ? rows : undefined;
      }, 'both waiting calls offered');
      expect(new Set(offers.map((o) => o.xact_id)).size).toBe(1);
      expect(offers.map((o) => o.agent_id).sort()).toEqual([second!.agentId, third!.agentId].sort());
      expect((await apis[0]!.me(bad!.token)).body).toMatchObject({ state: 'available', offer: null });
    } finally {
      await env.db.query(`DROP TRIGGER refuse_reserving ON agent_events; DROP FUNCTION refuse_reserving()`);
    }
  });
});

describe('a reserved agent asked to become available, when the offer runs out', () => {
  let env: TestEnvironment;
  let api: ApiClient;

  beforeAll(async () => {
    env = await TestEnvironment.create({ OFFER_TIMEOUT_SEC: '3' });
    ({ api } = await env.startApi());
  });
  afterAll(() => env.close());

  it('goes on break as a missed offer, as if nobody had asked', async () => {
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    const agent = await signIn(api, 'agent01');
    await canTakeTipsInNorwegian(env, [agent.username]);
    await api.setState(agent.token, 'available');
    const { callId } = (await api.telephony('/calls', { externalId: 'expiry-1', topicKey: 'tips', language: 'nb' })).body;
    await waitForOffer(api, agent, callId);
    expect((await api.setState(agent.token, 'available')).body.state).toBe('reserved');
    const me = await eventually(
      async () => {
        const { body } = await api.me(agent.token);
        return body.state === 'break' ? body : undefined;
      },
      'the missed offer',
      6000,
    );
    expect(me).toMatchObject({ state: 'break', stateReason: 'missed', offer: null });
  });
});
