import { expect } from '@jest/globals';
import type { AgentMeView, AgentState } from '@fc/contracts';
import { LiveFloor } from '@fc/realtime';
import type { INestApplication } from '@nestjs/common';
import { eventually, type ApiClient } from './api-client.js';
import type { TestEnvironment } from './test-environment.js';

export interface SignedInAgent {
  username: string;
  agentId: string;
  token: string;
}

export async function signIn(api: ApiClient, username: string): Promise<SignedInAgent> {
  const { accessToken, user } = await api.login(username);
  return { username, agentId: user.agentId!, token: accessToken };
}

/** Demo agents who can answer `topicKey` in Norwegian at `minProficiency` or better, by username. */
export async function agentsFor(env: TestEnvironment, topicKey: string, minProficiency = 1): Promise<string[]> {
  const { rows } = await env.db.query<{ username: string }>(
    `SELECT u.username FROM agents a
       JOIN users u ON u.id = a.user_id
       JOIN agent_skills t ON t.agent_id = a.id JOIN skills ts ON ts.id = t.skill_id AND ts.key = $1
       JOIN agent_skills l ON l.agent_id = a.id JOIN skills ls ON ls.id = l.skill_id AND ls.key = 'lang:nb'
      WHERE t.proficiency >= $2 ORDER BY u.username`,
    [topicKey, minProficiency],
  );
  return rows.map((r) => r.username);
}

/** A demo agent who cannot answer `topicKey` at all. */
export async function agentWithout(env: TestEnvironment, topicKey: string): Promise<string> {
  const { rows } = await env.db.query<{ username: string }>(
    `SELECT u.username FROM agents a JOIN users u ON u.id = a.user_id
      WHERE NOT EXISTS (SELECT 1 FROM agent_skills s JOIN skills k ON k.id = s.skill_id AND k.key = $1 WHERE s.agent_id = a.id)
      ORDER BY u.username LIMIT 1`,
    [topicKey],
  );
  return rows[0]!.username;
}

/** Gives the named demo agents `tips` and Norwegian at proficiency 3 or better (what they had stays if higher). */
export async function canTakeTipsInNorwegian(env: TestEnvironment, usernames: readonly string[]): Promise<void> {
  await env.db.query(
    `INSERT INTO agent_skills (agent_id, skill_id, proficiency)
     SELECT a.id, s.id, 3 FROM agents a JOIN users u ON u.id = a.user_id, skills s
      WHERE u.username = ANY($1) AND s.key IN ('tips', 'lang:nb')
     ON CONFLICT (agent_id, skill_id) DO UPDATE SET proficiency = GREATEST(agent_skills.proficiency, 3)`,
    [usernames],
  );
}

/**
 * Resolves once the api's live floor shows every agent in the state the database has. A caller's
 * wait estimate counts the agents it shows (decision 0056), a moment after the database has them:
 * a test that checks an estimate right after changing agents waits for this first.
 */
export async function liveFloorCaughtUp(app: INestApplication, env: TestEnvironment): Promise<void> {
  const floor = app.get(LiveFloor);
  let behind: string[] = [];
  await eventually(async () => {
    const { rows } = await env.db.query<{ id: string; state: AgentState; version: number }>('SELECT id, state, version FROM agents');
    behind = rows
      .filter((row) => floor.agent(row.id)?.state !== row.state)
      .map((row) => `${row.id} ${row.state} v${row.version}, floor: ${floor.agent(row.id)?.state} v${floor.agent(row.id)?.version}`);
    return behind.length === 0 ? true : undefined;
  }, "the live floor showing the agents' states").catch((error: Error) => {
    throw new Error(`${error.message}; behind: ${behind.join('; ')}`);
  });
}

/**
 * Signs in the `skip`-th agent able to take `topic`, with `endpoint`, as the only one available,
 * once the api's live floor shows it so (a caller's wait estimate counts from it).
 */
export async function onlyAvailable(on: { env: TestEnvironment; api: ApiClient; app: INestApplication }, topic: string, endpoint: string | null, skip = 0): Promise<SignedInAgent> {
  const { env, api, app } = on;
  await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
  const agent = await signIn(api, (await agentsFor(env, topic, 1))[skip]!);
  await env.db.query('UPDATE agents SET endpoint = $2 WHERE id = $1', [agent.agentId, endpoint]);
  expect((await api.setState(agent.token, 'available')).status).toBe(200);
  await liveFloorCaughtUp(app, env);
  return agent;
}

/** Waits until `agent` is offered `callId`, as GET /api/agents/me shows it; returns what it showed. */
export function waitForOffer(api: ApiClient, agent: Pick<SignedInAgent, 'username' | 'token'>, callId: string, timeoutMs = 5000): Promise<AgentMeView> {
  return eventually(
    async () => {
      const { body } = await api.me(agent.token);
      return body.offer?.callId === callId ? body : undefined;
    },
    `the offer of ${callId} to ${agent.username}`,
    timeoutMs,
  );
}

/** `agent` takes `callId` once it is offered, ends the talk and records `outcome`; each step must succeed. */
export async function workCall(
  api: ApiClient,
  agent: Pick<SignedInAgent, 'username' | 'token'>,
  callId: string,
  outcome: Record<string, unknown> = { outcome: 'resolved', expectationAligned: true },
): Promise<void> {
  await waitForOffer(api, agent, callId);
  expect((await api.callAction(agent.token, callId, 'accept')).status).toBe(200);
  expect((await api.callAction(agent.token, callId, 'end')).status).toBe(200);
  expect((await api.callAction(agent.token, callId, 'outcome', outcome)).status).toBe(200);
}
