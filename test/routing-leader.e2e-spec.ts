import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ROUTING_LEADER_LOCK, ROUTING_ROUND_LOCK, advisoryLockHeld } from '@fc/persistence';
import { ROUTING_LEASE_APPLICATION } from '@fc/routing';
import { eventually, type ApiClient } from './support/api-client.js';
import { agentsFor, signIn, waitForOffer, type SignedInAgent } from './support/agents.js';
import { checkJourneyInvariants } from './support/journey-invariants.js';
import { TestEnvironment, type ApiProcess } from './support/test-environment.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A deterministic pseudo-random source per bot, so a failure can be replayed. */
const seeded = (seed: number) => () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

/** The process id of the api process whose lease connection holds the leader's lock, if any does. */
async function leaderPid(env: TestEnvironment): Promise<number | undefined> {
  const { rows } = await env.db.query<{ application_name: string }>(
    `SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE ${advisoryLockHeld('l', ROUTING_LEADER_LOCK)}`,
  );
  const name = rows[0]?.application_name;
  return name?.startsWith(`${ROUTING_LEASE_APPLICATION}:`) ? Number(name.slice(ROUTING_LEASE_APPLICATION.length + 1)) : undefined;
}

/** Runs `sql` with the tables' triggers off: no announcement on the change feed and no new row version. */
async function behindTheFeed(env: TestEnvironment, sql: string, params: unknown[]): Promise<void> {
  const client = await env.db.connect();
  try {
    await client.query(`SET session_replication_role = replica`);
    await client.query(sql, params);
  } finally {
    await client.query(`RESET session_replication_role`);
    client.release();
  }
}

const CALLS = 240;

/**
 * Only the leader runs rounds (docs/decisions/0053). Killed with SIGKILL while a round of its holds
 * the round lock, under load: its round rolls back with its connection, another process takes the
 * lease and routes within 2 s, and no call is lost or offered twice, no agent holds two calls.
 */
describe('the routing leader killed with SIGKILL mid-round, under load, three api processes', () => {
  let env: TestEnvironment;
  let leader: ApiProcess;
  let followers: ApiClient[];
  let followerPids: number[];

  beforeAll(async () => {
    env = await TestEnvironment.create({ OFFER_TIMEOUT_SEC: '5', ROUTING_TICK_MS: '250' });
    // Every demo agent takes every call: one topic, no escalation, Norwegian.
    await env.db.query(`UPDATE topics SET escalation_steps = '[]', min_proficiency = 1 WHERE key = 'tips'`);
    await env.db.query(
      `INSERT INTO agent_skills (agent_id, skill_id, proficiency) SELECT a.id, s.id, 3 FROM agents a, skills s WHERE s.key IN ('tips', 'lang:nb')
       ON CONFLICT (agent_id, skill_id) DO UPDATE SET proficiency = 3`,
    );
    await env.db.query(`UPDATE agents SET state = 'offline'`);
    leader = await env.spawnApi();
    await eventually(async () => ((await leaderPid(env)) === leader.child.pid ? true : undefined), 'the first process leads');
    const rest = [await env.spawnApi(), await env.spawnApi()];
    followers = rest.map((p) => p.api);
    followerPids = rest.map((p) => p.child.pid!);
  });
  afterAll(() => env.close());

  it('loses no call, offers none twice, and routes again within 2 s from another process', async () => {
    const { rows: users } = await env.db.query<{ username: string }>(`SELECT username FROM users WHERE role = 'agent' ORDER BY username LIMIT 30`);
    const agents: SignedInAgent[] = await Promise.all(users.map((u, i) => signIn(followers[i % 2]!, u.username)));
    await Promise.all(agents.map((agent, i) => followers[i % 2]!.setState(agent.token, 'available')));

    let arrivalsDone = false;
    let open = CALLS;
    const deadline = Date.now() + 120_000;
    const watcher = setInterval(
      () =>
        void env.db
          .query(`SELECT count(*)::int AS n FROM calls WHERE state NOT IN ('completed', 'abandoned', 'callback_requested')`)
          .then(({ rows }) => (open = rows[0].n))
          .catch(() => undefined),
      300,
    );
    // Agents on the processes that stay: accept, talk a little, end, record the outcome.
    const bot = async (agent: SignedInAgent, api: ApiClient, random: () => number) => {
      while (Date.now() < deadline && (!arrivalsDone || open > 0)) {
        const { body: me } = await api.me(agent.token);
        if (me.state === 'break') await api.setState(agent.token, 'available');
        else if (me.offer && (await api.callAction(agent.token, me.offer.callId, 'accept')).status === 200) {
          const callId = me.offer.callId;
          await pause(30 + random() * 120);
          await api.callAction(agent.token, callId, 'end');
          await api.callAction(agent.token, callId, 'outcome', { outcome: 'resolved', expectationAligned: true });
        } else await pause(50 + random() * 100);
      }
    };
    const bots = agents.map((agent, i) => bot(agent, followers[i % 2]!, seeded(i + 1)));
    // Callers on the followers, more than the agents can take at once, so rounds keep coming.
    const callers = [0, 1].map(async (client) => {
      for (let i = client; i < CALLS; i += 2) {
        const created = await followers[client]!.telephony('/calls', { externalId: `leader-${i}`, callerNumber: `+4796${String(100000 + i)}`, topicKey: 'tips', language: 'nb' });
        expect(created.status).toBe(201);
        await pause(8);
      }
    });

    // A third of the way in, wait for one of the leader's rounds to hold the round lock, and kill it there.
    await eventually(async () => ((await env.db.query(`SELECT count(*)::int AS n FROM calls`)).rows[0].n >= CALLS / 3 ? true : undefined), 'a third of the calls', 30_000);
    let roundsHeld = 0;
    for (;;) {
      const { rows } = await env.db.query(`SELECT 1 FROM pg_locks l WHERE ${advisoryLockHeld('l', ROUTING_ROUND_LOCK)}`);
      if (rows.length > 0) break;
      roundsHeld++;
    }
    leader.child.kill('SIGKILL');
    const { rows: killed } = await env.db.query<{ at: Date }>(`SELECT clock_timestamp() AS at`);
    const killedAt = killed[0]!.at;
    await new Promise((resolve) => leader.child.once('exit', resolve));

    const newLeader = await eventually(leaderPid.bind(null, env), 'another process leads', 5000);
    expect(followerPids).toContain(newLeader);
    // Routing resumed: the first round after the kill, and the first offer, both by the new leader.
    const resumed = await eventually(
      async () => {
        const { rows } = await env.db.query<{ round_ms: number | null; offer_ms: number | null }>(
          `SELECT (SELECT EXTRACT(EPOCH FROM min(started_at) - $1) * 1000 FROM routing_rounds WHERE started_at > $1)::float AS round_ms,
                  (SELECT EXTRACT(EPOCH FROM min(at) - $1) * 1000 FROM call_events WHERE type = 'offered' AND at > $1)::float AS offer_ms`,
          [killedAt],
        );
        return rows[0]!.round_ms !== null && rows[0]!.offer_ms !== null ? rows[0]! : undefined;
      },
      'routing after the kill',
      10_000,
    );
    process.stdout.write(`\nrouting leader killed after ${roundsHeld} polls; first round after it in ${resumed.round_ms!.toFixed(0)} ms, first offer in ${resumed.offer_ms!.toFixed(0)} ms\n`);
    expect(resumed.round_ms!).toBeLessThan(2000);
    expect(resumed.offer_ms!).toBeLessThan(2000);

    await Promise.all(callers);
    arrivalsDone = true;
    await Promise.all(bots);
    clearInterval(watcher);

    const { rows: states } = await env.db.query<{ state: string; n: number }>(`SELECT state, count(*)::int AS n FROM calls GROUP BY state`);
    expect(states).toEqual([{ state: 'completed', n: CALLS }]);
    const report = await checkJourneyInvariants(env.db);
    expect(report.calls).toBe(CALLS);
    expect(report.doubleOffers).toEqual([]);
    expect(report.overlappingHolds).toEqual([]);
    expect(report.badTerminals).toEqual([]);
  }, 180_000);
});

/**
 * The leader's floor is the change feed's picture: when it is behind the database, the offer's
 * re-check under the row lock skips the agent, the round offers the call to the next one, and the
 * floor leaves the skipped agent out until the feed brings a newer row.
 */
describe('a routing leader whose floor is behind the database', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await TestEnvironment.create({ ROUTING_TICK_MS: '250' });
  });
  afterAll(() => env.close());

  it('offers to the next agent in the same round, and passes the stale one over until its row moves', async () => {
    const [first, second] = await agentsFor(env, 'passport', 1);
    // Either may take a passport call from its first second: the order is longest idle alone.
    await env.db.query(`UPDATE topics SET escalation_steps = '[]', min_proficiency = 1, strategy = 'longest_idle' WHERE key = 'passport'`);
    await env.db.query(`UPDATE agents SET state = 'offline'`);
    const { api } = await env.startApi();
    await eventually(async () => ((await leaderPid(env)) === process.pid ? true : undefined), 'this process leads');
    const stale = await signIn(api, first!);
    const next = await signIn(api, second!);
    // The longest idle goes first: the one about to go stale becomes available first.
    await api.setState(stale.token, 'available');
    await pause(20);
    await api.setState(next.token, 'available');
    const { rows: before } = await env.db.query<{ version: number }>(`SELECT version FROM agents WHERE id = $1`, [stale.agentId]);
    await behindTheFeed(env, `UPDATE agents SET state = 'break', state_reason = 'other' WHERE id = $1`, [stale.agentId]);

    const firstCall = (await api.telephony('/calls', { externalId: 'stale-1', callerNumber: '+4791000001', topicKey: 'passport', language: 'nb' })).body.callId;
    await waitForOffer(api, next, firstCall);
    // One round offered it: the pair with the agent on break was skipped and the call planned again
    // in the same transaction, rather than left for the next tick to pair the same way.
    const { rows: rounds } = await env.db.query<{ waiting: number; offered: number }>(`SELECT waiting, offered FROM routing_rounds WHERE waiting > 0 ORDER BY started_at LIMIT 1`);
    expect(rounds).toEqual([{ waiting: 1, offered: 1 }]);
    expect((await env.db.query(`SELECT state, version FROM agents WHERE id = $1`, [stale.agentId])).rows[0]).toEqual({ state: 'break', version: before[0]!.version });

    // The next agent busy, a second call waits until the stale agent's row moves through the api:
    // the feed brings the newer row, and the call goes to them.
    const secondCall = (await api.telephony('/calls', { externalId: 'stale-2', callerNumber: '+4791000002', topicKey: 'passport', language: 'nb' })).body.callId;
    await eventually(async () => ((await env.db.query(`SELECT 1 FROM routing_rounds WHERE waiting > 0 AND offered = 0`)).rows.length > 0 ? true : undefined), 'a round that found nobody free');
    expect((await env.db.query(`SELECT state FROM calls WHERE id = $1`, [secondCall])).rows[0].state).toBe('queued');
    await api.setState(stale.token, 'available');
    await waitForOffer(api, stale, secondCall);
  }, 60_000);
});

/** The leader's two connections to PostgreSQL, cut under it: it must lead and route again. */
describe('a routing leader whose connections are cut', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let agent: SignedInAgent;

  beforeAll(async () => {
    env = await TestEnvironment.create({ ROUTING_TICK_MS: '250' });
    await env.db.query(`UPDATE topics SET escalation_steps = '[]', min_proficiency = 1 WHERE key = 'passport'`);
    await env.db.query(`UPDATE agents SET state = 'offline'`);
    ({ api } = await env.startApi());
    await eventually(async () => ((await leaderPid(env)) === process.pid ? true : undefined), 'this process leads');
    agent = await signIn(api, (await agentsFor(env, 'passport', 1))[0]!);
  });
  afterAll(() => env.close());

  /** Ends this database's connections named `applicationName` (a prefix, with `%`); resolves with their backend pids. */
  const cut = async (applicationName: string) =>
    (await env.db.query<{ pid: number }>(`SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE $1`, [applicationName])).rows.map(
      (r) => r.pid,
    );

  it('reloads the floor when the change feed reconnects, and routes what the floor had missed', async () => {
    const callId = (await api.telephony('/calls', { externalId: 'feed-cut-1', callerNumber: '+4791000011', topicKey: 'passport', language: 'nb' })).body.callId;
    // The agent comes on behind the feed's back, so the floor does not know.
    await behindTheFeed(env, `UPDATE agents SET state = 'available', state_reason = NULL, state_since = now() WHERE id = $1`, [agent.agentId]);
    await eventually(async () => ((await env.db.query(`SELECT 1 FROM routing_rounds WHERE waiting > 0 AND offered = 0`)).rows.length > 0 ? true : undefined), 'a round that found nobody free');
    expect((await env.db.query(`SELECT state FROM calls WHERE id = $1`, [callId])).rows[0].state).toBe('queued');

    expect(await cut('first-contact-floor-feed')).toHaveLength(1);
    await waitForOffer(api, agent, callId);
    await api.callAction(agent.token, callId, 'decline');
    await api.setState(agent.token, 'available');
  });

  it('takes the lease again when its lease connection is cut, and routes', async () => {
    const [was] = await cut(`${ROUTING_LEASE_APPLICATION}:%`);
    expect(was).toBeDefined();
    await eventually(async () => {
      const { rows } = await env.db.query(`SELECT l.pid FROM pg_locks l WHERE ${advisoryLockHeld('l', ROUTING_LEADER_LOCK)}`);
      return rows.length === 1 && rows[0].pid !== was ? true : undefined;
    }, 'the lease held again, on a new connection');
    expect(await leaderPid(env)).toBe(process.pid);
    await api.setState(agent.token, 'available');
    const callId = (await api.telephony('/calls', { externalId: 'lease-cut-1', callerNumber: '+4791000012', topicKey: 'passport', language: 'nb' })).body.callId;
    await waitForOffer(api, agent, callId);
  });
});
