import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ApiClient } from './support/api-client.js';
import { signIn, type SignedInAgent } from './support/agents.js';
import { checkJourneyInvariants, idleWhileWaiting } from './support/journey-invariants.js';
import { TestEnvironment } from './support/test-environment.js';

const CALLS = 500;
const AGENTS = 50;
const CLIENTS = 5;
const TOPICS = ['tips', 'lost_property', 'case_status'];

/** A deterministic pseudo-random source per bot, so a failure can be replayed. */
const seeded = (seed: number) => () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`routing at scale: ${CALLS} calls, ${AGENTS} agents, two api instances`, () => {
  let env: TestEnvironment;
  let apis: ApiClient[];
  const skillsOf = new Map<string, Set<string>>();

  beforeAll(async () => {
    env = await TestEnvironment.create({ OFFER_TIMEOUT_SEC: '3', ROUTING_TICK_MS: '500' });
    // Two api processes, as production runs them: the bots and the test share no event loop with them.
    apis = [(await env.spawnApi()).api, (await env.spawnApi()).api];
    // Ten more agents beside the forty of the demo, with the demo password.
    await env.db.query(
      `WITH new_users AS (
         INSERT INTO users (username, password_hash, role, display_name)
         SELECT 'agent' || n, (SELECT password_hash FROM users WHERE username = 'agent01'), 'agent', 'Agent ' || n FROM generate_series(41, 50) n
         RETURNING id)
       INSERT INTO agents (user_id, team) SELECT id, 'Lag 5' FROM new_users`,
    );
    // Plain rules so "qualified" is exact: three topics, no escalation, everyone Norwegian.
    await env.db.query(`UPDATE topics SET escalation_steps = '[]', min_proficiency = 1, priority = 0 WHERE key = ANY($1)`, [TOPICS]);
    await env.db.query(`DELETE FROM agent_skills`);
    await env.db.query(`UPDATE agents SET state = 'offline'`);
    const { rows } = await env.db.query<{ id: string; username: string }>(`SELECT a.id, u.username FROM agents a JOIN users u ON u.id = a.user_id ORDER BY u.username`);
    for (const [i, { id }] of rows.entries()) {
      const topics = TOPICS.filter((_, t) => (i + t) % 3 !== 0 || i % 5 === 0); // two topics each, every fifth agent all three
      skillsOf.set(id, new Set(topics));
      await env.db.query(`INSERT INTO agent_skills (agent_id, skill_id, proficiency) SELECT $1, id, 3 FROM skills WHERE key = ANY($2)`, [id, [...topics, 'lang:nb']]);
    }
  });
  afterAll(() => env.close());

  it('keeps every invariant while agents accept, decline and let offers expire at random', async () => {
    const { rows: users } = await env.db.query<{ username: string }>(`SELECT username FROM users WHERE role = 'agent' ORDER BY username`);
    expect(users).toHaveLength(AGENTS);
    const agents: SignedInAgent[] = await Promise.all(users.map((u, i) => signIn(apis[i % 2]!, u.username)));
    await Promise.all(agents.map((agent, i) => apis[i % 2]!.setState(agent.token, 'available')));

    const deadline = Date.now() + 150_000;
    let arrivalsDone = false;
    const open = async () => Number((await env.db.query(`SELECT count(*) FROM calls WHERE state NOT IN ('completed', 'abandoned', 'callback_requested')`)).rows[0].count);
    // One watcher counts the open calls for all bots: the bots stand for people, not for load.
    let stillOpen = CALLS;
    const watcher = setInterval(() => void open().then((n) => (stillOpen = n)), 500);
    const stats = { accepted: 0, declined: 0, ignored: 0, hungUp: 0 };

    // Callers: several clients on both instances, arrivals spread over a few seconds; a few hang up.
    const callers = Array.from({ length: CLIENTS }, async (_, client) => {
      const random = seeded(1000 + client);
      const api = apis[client % 2]!;
      for (let i = client; i < CALLS; i += CLIENTS) {
        const created = await api.telephony('/calls', { externalId: `scale-${i}`, callerNumber: `+4795${String(100000 + i)}`, topicKey: TOPICS[i % 3], language: 'nb' });
        expect(created.status).toBe(201);
        if (random() < 0.05) {
          const callId = created.body.callId;
          setTimeout(() => void api.telephony(`/calls/${callId}/hangup`).then((r) => r.status === 200 && stats.hungUp++), 200 + random() * 2000);
        }
        await pause(random() * 40);
      }
    });

    const bot = async (agent: SignedInAgent, api: ApiClient, random: () => number) => {
      while (Date.now() < deadline && (!arrivalsDone || stillOpen > 0)) {
        const { body: me } = await api.me(agent.token);
        if (me.state === 'break') {
          await pause(300 + random() * 500); // back from a missed offer
          await api.setState(agent.token, 'available');
        } else if (me.offer) {
          const roll = random();
          const callId = me.offer.callId;
          if (roll < 0.12) {
            if ((await api.callAction(agent.token, callId, 'decline')).status === 200) stats.declined++;
          } else if (roll < 0.2) {
            stats.ignored++; // let it ring out: RONA
            await pause(3500);
          } else if ((await api.callAction(agent.token, callId, 'accept')).status === 200) {
            stats.accepted++;
            await pause(20 + random() * 150);
            if ((await api.callAction(agent.token, callId, 'end')).status === 200) {
              await api.callAction(agent.token, callId, 'outcome', { outcome: 'resolved', expectationAligned: true });
            } else {
              await api.callAction(agent.token, callId, 'outcome', { outcome: 'unresolved', expectationAligned: false });
            }
          }
        } else {
          // Consoles learn of offers over the socket; a poll every few hundred ms stands in for that.
          await pause(300 + random() * 200);
        }
      }
    };
    const bots = agents.map((agent, i) => bot(agent, apis[(i + 1) % 2]!, seeded(i + 1)));
    await Promise.all(callers);
    arrivalsDone = true;
    await Promise.all(bots);
    clearInterval(watcher);

    expect(await open()).toBe(0);
    const report = await checkJourneyInvariants(env.db);
    expect(report.calls).toBe(CALLS);
    expect(report.doubleOffers).toEqual([]);
    expect(report.overlappingHolds).toEqual([]);
    expect(report.badTerminals).toEqual([]);

    const topicOf = new Map((await env.db.query<{ id: string; key: string }>(`SELECT c.id, t.key FROM calls c JOIN topics t ON t.id = c.topic_id`)).rows.map((r) => [r.id, r.key]));
    const idle = await idleWhileWaiting(env.db, (agentId, callId) => skillsOf.get(agentId)?.has(topicOf.get(callId)!) ?? false);
    const { rows: latency } = await env.db.query<{ p50: number; p99: number; max: number }>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99, max(ms) AS max
         FROM (SELECT EXTRACT(EPOCH FROM o.at - GREATEST(q.at, a.at)) * 1000 AS ms
                 FROM call_events o
                 JOIN LATERAL (SELECT at FROM call_events q WHERE q.call_id = o.call_id AND q.seq < o.seq ORDER BY q.seq DESC LIMIT 1) q ON true
                 JOIN LATERAL (SELECT at FROM agent_events a WHERE a.agent_id = o.agent_id AND a.at <= o.at AND a.state = 'available' ORDER BY a.at DESC LIMIT 1) a ON true
                WHERE o.type = 'offered') offers`,
    );
    const { rows: roundCount } = await env.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM routing_rounds`);
    process.stdout.write(`\noffer latency after both sides were ready (ms): ${JSON.stringify(latency[0])}; rounds: ${roundCount[0]!.n}; idle findings: ${idle.length}\n`);
    expect(roundCount[0]!.n).toBeGreaterThan(100);
    expect(idle).toEqual([]);

    // The run really exercised what it claims to.
    const { rows: kinds } = await env.db.query<{ type: string; n: number }>(`SELECT type, count(*)::int AS n FROM call_events GROUP BY type`);
    const count = Object.fromEntries(kinds.map((k) => [k.type, k.n]));
    expect(count.offer_declined).toBeGreaterThan(10);
    expect(count.offer_expired).toBeGreaterThan(10);
    // Whether a caller who hangs up 0.2–2.2 s in is still waiting depends on how fast this machine
    // answers; that some are, and end abandoned among the offers, is what the mix needs.
    expect(count.abandoned).toBeGreaterThan(0);
    expect(count.outcome_recorded).toBeGreaterThan(CALLS * 0.8);
    process.stdout.write(`\nrouting at scale: ${JSON.stringify({ ...stats, events: count })}\n`);
  }, 200_000);
});
