import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AgentSkillsAdminView, UserAdminView } from '@fc/contracts';
import type { ApiClient } from './support/api-client.js';
import { agentsFor, waitForOffer } from './support/agents.js';
import { openSocket, refusal, type AgentSocket, type SupervisorSocket } from './support/sockets.js';
import { TestEnvironment } from './support/test-environment.js';

describe('administrators manage users: create, change, deactivate, reset a password', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let adminToken: string;
  let adminId: string;
  const asAdmin = () => ({ token: adminToken });
  const sockets: AgentSocket[] = [];

  beforeAll(async () => {
    env = await TestEnvironment.create({ OFFER_TIMEOUT_SEC: '60' });
    ({ api } = await env.startApi());
    const login = await api.login('admin');
    adminToken = login.accessToken;
    adminId = login.user.id;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await env?.close();
  });

  const idOf = async (username: string) => (await env.db.query(`SELECT id FROM users WHERE username = $1`, [username])).rows[0].id as string;
  const loginStatus = async (username: string, password: string) => (await api.request('POST', '/api/auth/login', { username, password })).status;
  /** The audit entries for one user, oldest first. */
  const auditOf = async (entityId: string) =>
    (
      await env.db.query<{ action: string; actor_user_id: string | null; actor_role: string | null; data: Record<string, unknown> }>(
        `SELECT action, actor_user_id, actor_role, data FROM audit_log WHERE entity_id = $1 AND action LIKE 'user.%' ORDER BY at, id`,
        [entityId],
      )
    ).rows;

  it('lists every user with role, state and team, and never a password hash', async () => {
    const { status, body } = await api.request<UserAdminView[]>('GET', '/api/admin/users', undefined, asAdmin());
    expect(status).toBe(200);
    expect(body).toHaveLength(43); // 40 agents, super01, quality01, admin
    expect(body.find((u) => u.username === 'agent01')).toMatchObject({ role: 'agent', active: true, team: 'Lag 1', agentId: expect.any(String) });
    expect(body.find((u) => u.username === 'super01')).toMatchObject({ role: 'supervisor', active: true, team: null, agentId: null });
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/argon2|password/i);
    const one = await api.request<UserAdminView>('GET', `/api/admin/users/${await idOf('quality01')}`, undefined, asAdmin());
    expect(Object.keys(one.body).sort()).toEqual(['active', 'agentId', 'createdAt', 'displayName', 'id', 'role', 'team', 'updatedAt', 'username']);
  });

  it('creates an agent with a team and an initial password; they sign in and take calls', async () => {
    const created = await api.request<UserAdminView>(
      'POST',
      '/api/admin/users',
      { username: 'agent41', displayName: '  Kari Nordmann ', role: 'agent', password: 'first-password-41', team: 'Lag 2' },
      asAdmin(),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'agent41', displayName: 'Kari Nordmann', role: 'agent', active: true, team: 'Lag 2', agentId: expect.any(String) });
    expect(JSON.stringify(created.body)).not.toMatch(/password/i);

    const stored = (await env.db.query(`SELECT password_hash FROM users WHERE username = 'agent41'`)).rows[0].password_hash as string;
    expect(stored).toMatch(/^\$argon2id\$/);
    expect(stored).not.toContain('first-password-41');

    const login = await api.login('agent41', 'first-password-41');
    expect(login.user).toEqual({ id: created.body.id, username: 'agent41', role: 'agent', agentId: created.body.agentId });
    const agents = (await api.request<AgentSkillsAdminView[]>('GET', '/api/admin/agents', undefined, asAdmin())).body;
    expect(agents.find((a) => a.username === 'agent41')).toMatchObject({ id: created.body.agentId, team: 'Lag 2', active: true, skills: [] });

    expect(await auditOf(created.body.id)).toEqual([{ action: 'user.create', actor_user_id: adminId, actor_role: 'admin', data: { username: 'agent41', role: 'agent', team: 'Lag 2' } }]);
  });

  it("creates an agent with their endpoint, which the agents' list shows and the audit entry names", async () => {
    const created = await api.request<UserAdminView>(
      'POST',
      '/api/admin/users',
      { username: 'agent42', displayName: 'Ola Ringer', role: 'agent', password: 'first-password-42', endpoint: 'sip:agent42@pbx.example' },
      asAdmin(),
    );
    expect(created.status).toBe(201);
    const agents = (await api.request<AgentSkillsAdminView[]>('GET', '/api/admin/agents', undefined, asAdmin())).body;
    expect(agents.find((a) => a.username === 'agent42')).toMatchObject({ id: created.body.agentId, endpoint: 'sip:agent42@pbx.example', team: null });
    expect(await auditOf(created.body.id)).toEqual([
      { action: 'user.create', actor_user_id: adminId, actor_role: 'admin', data: { username: 'agent42', role: 'agent', team: null, endpoint: 'sip:agent42@pbx.example' } },
    ]);
    // An extension will do as well; null is no endpoint yet, as leaving it out is.
    const extension = await api.request<UserAdminView>(
      'POST',
      '/api/admin/users',
      { username: 'agent43', displayName: 'Kim Linje', role: 'agent', password: 'first-password-43', endpoint: '1043' },
      asAdmin(),
    );
    const none = await api.request<UserAdminView>(
      'POST',
      '/api/admin/users',
      { username: 'agent44', displayName: 'Ada Uten', role: 'agent', password: 'first-password-44', endpoint: null },
      asAdmin(),
    );
    expect([extension.status, none.status]).toEqual([201, 201]);
    const { rows } = await env.db.query(`SELECT u.username, a.endpoint FROM agents a JOIN users u ON u.id = a.user_id WHERE u.username IN ('agent43', 'agent44') ORDER BY 1`);
    expect(rows).toEqual([
      { username: 'agent43', endpoint: '1043' },
      { username: 'agent44', endpoint: null },
    ]);
  });

  it('creates a supervisor, who has no agent profile', async () => {
    const created = await api.request<UserAdminView>('POST', '/api/admin/users', { username: 'super02', displayName: 'Per Vakt', role: 'supervisor', password: 'vaktleder-passord' }, asAdmin());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ role: 'supervisor', agentId: null, team: null });
    expect((await api.login('super02', 'vaktleder-passord')).user).toMatchObject({ role: 'supervisor', agentId: null });
  });

  it('changes display name and team, and the audit log says from what to what', async () => {
    const id = await idOf('agent41');
    const changed = await api.request<UserAdminView>('PATCH', `/api/admin/users/${id}`, { displayName: 'Kari N. Nordmann', team: 'Lag 3' }, asAdmin());
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ displayName: 'Kari N. Nordmann', team: 'Lag 3', active: true });
    expect((await auditOf(id)).at(-1)).toEqual({
      action: 'user.update',
      actor_user_id: adminId,
      actor_role: 'admin',
      data: { changed: ['displayName', 'team'], from: { displayName: 'Kari Nordmann', team: 'Lag 2' }, to: { displayName: 'Kari N. Nordmann', team: 'Lag 3' } },
    });
  });

  it('deactivates an agent: off the phones, sessions ended, no sign-in; reactivating lets them in again', async () => {
    const id = await idOf('agent41');
    const { accessToken, user } = await api.login('agent41', 'first-password-41');
    expect((await api.setState(accessToken, 'available')).status).toBe(200);
    const socket = openSocket<AgentSocket>(api.baseUrl, '/agent', accessToken);
    sockets.push(socket);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));

    const changed = await api.request<UserAdminView>('PATCH', `/api/admin/users/${id}`, { active: false }, asAdmin());
    expect(changed.status).toBe(200);
    expect(changed.body.active).toBe(false);

    expect(await disconnected).toBe('io server disconnect');
    expect((await env.db.query(`SELECT state FROM agents WHERE id = $1`, [user.agentId])).rows[0].state).toBe('offline');
    expect(await loginStatus('agent41', 'first-password-41')).toBe(401);
    const refused = await api.me(accessToken);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ message: 'Access token no longer valid: sign in again' });
    expect((await api.setState(accessToken, 'available')).status).toBe(401);
    expect((await refusal(openSocket(api.baseUrl, '/agent', accessToken))).data).toMatchObject({ statusCode: 401 });
    const agents = (await api.request<AgentSkillsAdminView[]>('GET', '/api/admin/agents', undefined, asAdmin())).body;
    expect(agents.find((a) => a.username === 'agent41')).toMatchObject({ active: false, state: 'offline' });

    // The admin's change, both of it: taken off the phones, then deactivated.
    const trail = (await env.db.query(`SELECT action, actor_user_id, data FROM audit_log WHERE entity_id IN ($1, $2) AND at > now() - interval '1 minute' ORDER BY at, id`, [id, user.agentId])).rows;
    expect(trail.slice(-2)).toEqual([
      { action: 'agent.set_state', actor_user_id: adminId, data: { state: 'offline', reason: null } },
      { action: 'user.update', actor_user_id: adminId, data: { changed: ['active'], from: { active: true }, to: { active: false } } },
    ]);

    expect((await api.request<UserAdminView>('PATCH', `/api/admin/users/${id}`, { active: true }, asAdmin())).body.active).toBe(true);
    expect(await loginStatus('agent41', 'first-password-41')).toBe(200);
  });

  it('resets a password: the old one stops working, the new one works, and the trail holds no password', async () => {
    const id = await idOf('agent41');
    const reset = await api.request('PUT', `/api/admin/users/${id}/password`, { password: 'second-password-41' }, asAdmin());
    expect(reset.status).toBe(204);
    expect(await loginStatus('agent41', 'first-password-41')).toBe(401);
    expect(await loginStatus('agent41', 'second-password-41')).toBe(200);
    const entry = (await auditOf(id)).at(-1)!;
    expect(entry).toEqual({ action: 'user.reset_password', actor_user_id: adminId, actor_role: 'admin', data: {} });
    const everything = (await env.db.query(`SELECT data::text FROM audit_log`)).rows.map((r) => r.data).join('\n');
    expect(everything).not.toMatch(/second-password|first-password|vaktleder-passord/);
  });

  it('gives a user another role: old tokens are refused, an agent profile is made when needed', async () => {
    const id = await idOf('super02');
    const old = (await api.login('super02', 'vaktleder-passord')).accessToken;
    expect((await api.request('GET', '/api/queues', undefined, { token: old })).status).toBe(200);
    const wall = openSocket<SupervisorSocket>(api.baseUrl, '/supervisor', old);
    await new Promise((resolve) => wall.once('snapshot', resolve));
    const disconnected = new Promise<string>((resolve) => wall.once('disconnect', resolve));
    const changed = await api.request<UserAdminView>('PATCH', `/api/admin/users/${id}`, { role: 'agent', team: 'Lag 4' }, asAdmin());
    expect(changed.status).toBe(200);
    expect(await disconnected).toBe('io server disconnect');
    wall.close();
    expect(changed.body).toMatchObject({ role: 'agent', team: 'Lag 4', agentId: expect.any(String) });
    expect((await api.request('GET', '/api/queues', undefined, { token: old })).status).toBe(401);
    const again = await api.login('super02', 'vaktleder-passord');
    expect(again.user).toMatchObject({ role: 'agent', agentId: changed.body.agentId });
    expect((await api.me(again.accessToken)).status).toBe(200);
  });

  describe('bad requests are refused and change nothing', () => {
    let before: Record<string, string>;
    let supervisorToken: string;
    let agentToken: string;
    let agent41: string;
    let busyAgent: { username: string; userId: string; callId: string };

    beforeAll(async () => {
      supervisorToken = (await api.login('super01')).accessToken;
      agent41 = await idOf('agent41');
      // An agent on a call cannot be deactivated or given another role until the call ends.
      await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
      const username = (await agentsFor(env, 'passport', 3))[0]!;
      const { accessToken } = await api.login(username);
      agentToken = accessToken;
      await api.setState(accessToken, 'available');
      const { callId } = (await api.telephony('/calls', { externalId: 'busy-agent-1', topicKey: 'passport', language: 'nb' })).body;
      await waitForOffer(api, { username, token: accessToken }, callId);
      expect((await api.callAction(accessToken, callId, 'accept')).status).toBe(200);
      busyAgent = { username, userId: await idOf(username), callId };
      before = await env.fingerprint();
    });
    afterAll(async () => {
      expect(await env.fingerprint()).toEqual(before);
      await api.telephony(`/calls/${busyAgent.callId}/hangup`);
    });

    const unknownId = '6f1c7a4e-9a43-4c1e-8d0b-2a7e6f9b1c3d';
    const valid = { username: 'agent99', displayName: 'Ny Operatør', role: 'agent', password: 'long-enough-1' };
    const cases: { name: string; method: string; path: () => string; body?: unknown; status: number; message?: RegExp }[] = [
      { name: 'no username', method: 'POST', path: () => '/api/admin/users', body: { ...valid, username: undefined }, status: 400, message: /username must be 2-64 lowercase/ },
      { name: 'a username with capitals and spaces', method: 'POST', path: () => '/api/admin/users', body: { ...valid, username: 'Agent 99' }, status: 400, message: /username/ },
      { name: 'a taken username', method: 'POST', path: () => '/api/admin/users', body: { ...valid, username: 'agent01' }, status: 409, message: /username "agent01" exists/ },
      { name: 'an empty display name', method: 'POST', path: () => '/api/admin/users', body: { ...valid, displayName: '   ' }, status: 400, message: /displayName must not be empty/ },
      { name: 'an unknown role', method: 'POST', path: () => '/api/admin/users', body: { ...valid, role: 'root' }, status: 400, message: /role must be one of agent, supervisor, quality, admin/ },
      { name: 'a short password', method: 'POST', path: () => '/api/admin/users', body: { ...valid, password: 'short' }, status: 400, message: /password must be 8-128 characters/ },
      { name: 'a password that is no text', method: 'POST', path: () => '/api/admin/users', body: { ...valid, password: 12345678 }, status: 400, message: /password must be a text/ },
      { name: 'a team for a supervisor', method: 'POST', path: () => '/api/admin/users', body: { ...valid, role: 'supervisor', team: 'Lag 1' }, status: 400, message: /team applies to agents only/ },
      {
        name: 'an endpoint that is no SIP URI or extension',
        method: 'POST',
        path: () => '/api/admin/users',
        body: { ...valid, endpoint: 'agent 99 desk' },
        status: 400,
        message: /endpoint must be a sip: or sips: URI or an extension of digits/,
      },
      { name: 'an endpoint that is no text', method: 'POST', path: () => '/api/admin/users', body: { ...valid, endpoint: 1099 }, status: 400, message: /endpoint must be a text/ },
      {
        name: 'an endpoint too long',
        method: 'POST',
        path: () => '/api/admin/users',
        body: { ...valid, endpoint: `sip:${'a'.repeat(252)}` },
        status: 400,
        message: /endpoint must be at most 255 characters/,
      },
      {
        name: 'an endpoint for a supervisor',
        method: 'POST',
        path: () => '/api/admin/users',
        body: { ...valid, role: 'supervisor', endpoint: 'sip:super@pbx.example' },
        status: 400,
        message: /endpoint applies to agents only/,
      },
      { name: 'a password hash smuggled in', method: 'POST', path: () => '/api/admin/users', body: { ...valid, passwordHash: 'x' }, status: 400, message: /property passwordHash should not exist/ },
      { name: 'nothing to change', method: 'PATCH', path: () => `/api/admin/users/${agent41}`, body: {}, status: 400, message: /Nothing to change/ },
      { name: 'a display name of null', method: 'PATCH', path: () => `/api/admin/users/${agent41}`, body: { displayName: null }, status: 400, message: /displayName/ },
      { name: 'active as a word', method: 'PATCH', path: () => `/api/admin/users/${agent41}`, body: { active: 'no' }, status: 400, message: /active must be true or false/ },
      { name: 'a username change', method: 'PATCH', path: () => `/api/admin/users/${agent41}`, body: { username: 'renamed' }, status: 400, message: /property username should not exist/ },
      { name: 'a team for the admin', method: 'PATCH', path: () => `/api/admin/users/${adminId}`, body: { team: 'Lag 1' }, status: 400, message: /team applies to agents only/ },
      { name: 'an unknown user', method: 'PATCH', path: () => `/api/admin/users/${unknownId}`, body: { active: false }, status: 404, message: /User not found/ },
      { name: 'a malformed id', method: 'PATCH', path: () => '/api/admin/users/abc', body: { active: false }, status: 400, message: /uuid/ },
      { name: 'reading an unknown user', method: 'GET', path: () => `/api/admin/users/${unknownId}`, status: 404 },
      { name: 'deactivating yourself', method: 'PATCH', path: () => `/api/admin/users/${adminId}`, body: { active: false }, status: 409, message: /cannot deactivate yourself/ },
      { name: 'giving up your own admin role', method: 'PATCH', path: () => `/api/admin/users/${adminId}`, body: { role: 'supervisor' }, status: 409 },
      { name: 'deactivating an agent on a call', method: 'PATCH', path: () => `/api/admin/users/${busyAgent.userId}`, body: { active: false }, status: 409, message: /is on a call or in wrap-up/ },
      { name: 'another role for an agent on a call', method: 'PATCH', path: () => `/api/admin/users/${busyAgent.userId}`, body: { role: 'quality' }, status: 409 },
      { name: 'a short new password', method: 'PUT', path: () => `/api/admin/users/${agent41}/password`, body: { password: '1234567' }, status: 400, message: /password must be 8-128 characters/ },
      { name: 'a new password for an unknown user', method: 'PUT', path: () => `/api/admin/users/${unknownId}/password`, body: { password: 'long-enough-1' }, status: 404 },
    ];

    it.each(cases)('$name → $status', async ({ method, path, body, status, message }) => {
      const response = await api.request<{ statusCode: number; message: string | string[] }>(method, path(), body, asAdmin());
      expect(response.status).toBe(status);
      expect(response.body.statusCode).toBe(status);
      if (message) expect([response.body.message].flat().join('; ')).toMatch(message);
    });

    it('answers 403 to supervisors and agents and 401 without a token, on every users route', async () => {
      const routes: [string, string, unknown][] = [
        ['GET', '/api/admin/users', undefined],
        ['GET', `/api/admin/users/${agent41}`, undefined],
        ['POST', '/api/admin/users', valid],
        ['PATCH', `/api/admin/users/${agent41}`, { active: false }],
        ['PUT', `/api/admin/users/${agent41}/password`, { password: 'long-enough-1' }],
      ];
      for (const [method, path, body] of routes) {
        expect([method, path, (await api.request(method, path, body, { token: supervisorToken })).status]).toEqual([method, path, 403]);
        expect([method, path, (await api.request(method, path, body, { token: agentToken })).status]).toEqual([method, path, 403]);
        expect([method, path, (await api.request(method, path, body)).status]).toEqual([method, path, 401]);
      }
    });
  });
});
