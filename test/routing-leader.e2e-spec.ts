import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ROUTING_LEASE_LOCK, ROUTING_ROUND_LOCK } from '@fc/routing';
import { eventually, type ApiClient } from './support/api-client.js';
import { signIn, type SignedInAgent } from './support/agents.js';
import { checkJourneyInvariants } from './support/journey-invariants.js';
import { TestEnvironment, type ApiProcess } from './support/test-environment.js';

const AGENTS = 24;
const TOPICS = ['tips', 'lost_property', 'case_status'];
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One api process leads routing (decision 0048); the others' calls and agents reach it through the
 * floor's change feed. The tick is set long, so no round here comes from it: every offer is the
 * feed's doing, or the new leader's first round.
 */
describe('the routing leader: three api processes, the leader killed mid-round under load', () => {
  let env: TestEnvironment;
  let processes: ApiProcess[];

  beforeAll(async () => {
    env = await TestEnvironment.create({ OFFER_TIMEOUT_SEC: '10', ROUTING_TICK_MS: '30000', ROUTING_LEASE_RETRY_MS: '250' });
    processes = [await env.spawnApi(), await env.spawnApi(), await env.spawnApi()];
    await env.db.query(`UPDATE topics SET escalation_steps = '[]', min_proficiency = 1, priority = 0 WHERE key = ANY($1)`, [TOPICS]);
    await env.db.query(`UPDATE agents SET state = 'offline'`);
  }, 90_000);
  afterAll(() => env.close());

  /** The OS process holding the lease: its session names it (application_name). */
  const leaderPid = async (): Promise<number | null> => {
    const { rows } = await env.db.query<{ application_name: string }>(
      `SELECT s.application_name FROM pg_locks l JOIN pg_stat_activity s ON s.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.objid = $1 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [ROUTING_LEASE_LOCK],
    );
    return rows[0] ? Number(rows[0].application_name.split(' ').at(-1)) : null;
  };

  it('routes on without a lost call, a second offer or an agent with two calls, and the next leader routes within 2 s', async () => {
    const first = await leaderPid();
    const leader = processes.find((p) => p.child.pid === first)!;
    expect(leader).toBeDefined();
    const followers = processes.filter((p) => p !== leader).map((p) => p.api);

    // Agents and callers talk to the followers only: the leader learns of everything from the feed.
    const { rows: users } = await env.db.query<{ username: string }>(
      `SELECT u.username FROM users u JOIN agents a ON a.user_id = u.id
        WHERE EXISTS (SELECT 1 FROM agent_skills s JOIN skills k ON k.id = s.skill_id WHERE s.agent_id = a.id AND k.key = ANY($1))
        ORDER BY u.username LIMIT $2`,
      [TOPICS, AGENTS],
    );
    const agents: SignedInAgent[] = await Promise.all(users.map((u, i) => signIn(followers[i % 2]!, u.username)));
    await Promise.all(agents.map((agent, i) => followers[i % 2]!.setState(agent.token, 'available')));

    let arriving = true;
    // Set however the test ends, so no caller or bot outlives it (and keeps an api from stopping).
    let stopped = false;
    let placed = 0;
    const callers = [0, 1].map(async (client) => {
      const api = followers[client]!;
      while (arriving && !stopped) {
        const n = placed++;
        const created = await api.telephony('/calls', { externalId: `leader-${n}`, callerNumber: `+4795${String(200000 + n)}`, topicKey: TOPICS[n % 3], language: 'nb' });
        expect(created.status).toBe(201);
        await pause(10);
      }
    });
    const bot = async (agent: SignedInAgent, api: ApiClient) => {
      while (!stopped && (arriving || (await openCalls()) > 0)) {
        const { body: me } = await api.me(agent.token);
        if (me.offer) {
          const callId = me.offer.callId;
          if ((await api.callAction(agent.token, callId, 'accept')).status === 200) {
            await api.callAction(agent.token, callId, 'end');
            await api.callAction(agent.token, callId, 'outcome', { outcome: 'resolved', expectationAligned: true });
          }
        } else if (me.state === 'break') {
          await api.setState(agent.token, 'available');
        } else {
          await pause(100);
        }
      }
    };
    const bots = agents.map((agent, i) => bot(agent, followers[(i + 1) % 2]!));

    let resumedAfterMs: number;
    try {
      // Under load, once some calls were offered: killed while a round holds its lock, so mid-round.
      await eventually(async () => (Number((await env.db.query(`SELECT count(*) FROM call_events WHERE type = 'offered'`)).rows[0].count) >= 100 ? true : undefined), '100 offers', 30_000);
      await eventually(
        async () => {
          const { rows } = await env.db.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid = $1`, [ROUTING_ROUND_LOCK]);
          return rows.length > 0 ? true : undefined;
        },
        'a round holding its lock',
        15_000,
      );
      leader.child.kill('SIGKILL');
      const killedAt = new Date();

      // Another process takes the lease and routes: a round that began after the kill, soon.
      const next = await eventually(
        async () => {
          const pid = await leaderPid();
          return pid && pid !== leader.child.pid ? pid : undefined;
        },
        'a new leader',
        5000,
      );
      expect(processes.filter((p) => p !== leader).map((p) => p.child.pid)).toContain(next);
      const { rows: resumed } = await eventually(
        async () => {
          const result = await env.db.query<{ started_at: Date }>(`SELECT min(started_at) AS started_at FROM routing_rounds WHERE started_at > $1 AND offered > 0`, [killedAt]);
          return result.rows[0]!.started_at ? result : undefined;
        },
        'an offering round after the kill',
        10_000,
      );
      resumedAfterMs = resumed[0]!.started_at.getTime() - killedAt.getTime();
      expect(resumedAfterMs).toBeLessThanOrEqual(2000);

      // Load goes on a while under the new leader, then stops; every call must end.
      await pause(3000);
      arriving = false;
      await Promise.all(callers);
      await eventually(async () => ((await openCalls()) === 0 ? true : undefined), 'every call completed', 60_000);
      await Promise.all(bots);
    } finally {
      arriving = false;
      stopped = true;
    }

    const report = await checkJourneyInvariants(env.db);
    expect(report.calls).toBe(placed);
    expect(report.doubleOffers).toEqual([]);
    expect(report.overlappingHolds).toEqual([]);
    expect(report.badTerminals).toEqual([]);
    const { rows: states } = await env.db.query<{ state: string; n: number }>(`SELECT state, count(*)::int AS n FROM calls GROUP BY state`);
    expect(states).toEqual([{ state: 'completed', n: placed }]);
    process.stdout.write(`\nrouting leader: ${placed} calls; the next leader's first offering round ${resumedAfterMs} ms after the kill\n`);
  }, 150_000);

  const openCalls = async () => Number((await env.db.query(`SELECT count(*) FROM calls WHERE state <> 'completed'`)).rows[0].count);
});
