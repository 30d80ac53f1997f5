import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ApiClient } from './support/api-client.js';
import { TestEnvironment } from './support/test-environment.js';

describe('operations endpoints', () => {
  let env: TestEnvironment;
  let api: ApiClient;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    ({ api } = await env.startApi());
  });
  afterAll(() => env.close());

  it('is live and ready when PostgreSQL and Redis answer', async () => {
    expect(await api.request('GET', '/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await api.request('GET', '/health/ready')).toMatchObject({
      status: 200,
      body: { status: 'ok', details: { database: { status: 'up' }, redis: { status: 'up' } } },
    });
  });

  it('serves the OpenAPI document with the routes of the interface contract', async () => {
    expect((await api.request('GET', '/api/docs')).status).toBe(200);
    const { status, body } = await api.request<{ paths: Record<string, unknown> }>('GET', '/api/docs-json');
    expect(status).toBe(200);
    expect(Object.keys(body.paths).sort()).toEqual(
      expect.arrayContaining([
        '/api/auth/login',
        '/api/telephony/calls',
        '/api/telephony/calls/{id}/hangup',
        '/api/telephony/calls/{id}/callback',
        '/api/agents/me',
        '/api/agents/me/state',
        '/api/calls/{id}',
        '/api/calls/{id}/accept',
        '/api/calls/{id}/decline',
        '/api/calls/{id}/end',
        '/api/calls/{id}/transfer',
        '/api/calls/{id}/outcome',
        '/health/live',
        '/health/ready',
      ]),
    );
  });

  it('answers an unknown route with a 404 in the error shape', async () => {
    expect(await api.request('GET', '/api/nothing-here')).toMatchObject({ status: 404, body: { statusCode: 404, error: 'Not Found' } });
  });

  it('signs in with the demo password and says who you are', async () => {
    const login = await api.login('super01');
    expect(login.user).toMatchObject({ username: 'super01', role: 'supervisor', agentId: null });
    expect(login.accessToken.split('.')).toHaveLength(3);
    const agent = await api.login('agent07');
    expect(agent.user).toMatchObject({ username: 'agent07', role: 'agent', agentId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it('writes people’s reads and changes to the audit log', async () => {
    const { accessToken, user } = await api.login('agent03');
    await api.setState(accessToken, 'break', 'training');
    const { rows } = await env.db.query(`SELECT action, entity_type, data FROM audit_log WHERE actor_user_id = $1 ORDER BY at`, [user.id]);
    expect(rows).toEqual([
      { action: 'auth.login', entity_type: 'user', data: {} },
      { action: 'agent.set_state', entity_type: 'agent', data: { state: 'break', reason: 'training' } },
    ]);
  });
});
