import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AgentSkillsAdminView, TopicAdminView } from '@fc/contracts';
import { eventually, type ApiClient } from './support/api-client.js';
import { signIn } from './support/agents.js';
import { TestEnvironment } from './support/test-environment.js';

describe('administrators edit routing, effective from the next round', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let adminToken: string;
  const asAdmin = () => ({ token: adminToken });

  beforeAll(async () => {
    env = await TestEnvironment.create();
    ({ api } = await env.startApi());
    adminToken = (await api.login('admin')).accessToken;
  });
  afterAll(() => env.close());

  const agentId = async (username: string) => (await env.db.query(`SELECT a.id FROM agents a JOIN users u ON u.id = a.user_id WHERE u.username = $1`, [username])).rows[0].id as string;

  it('lists topics with what routing needs, for admins only', async () => {
    const { status, body } = await api.request<TopicAdminView[]>('GET', '/api/admin/topics', undefined, asAdmin());
    expect(status).toBe(200);
    expect(body.map((t) => t.key)).toHaveLength(10);
    expect(body[0]).toMatchObject({ key: 'passport', skillKey: 'passport', strategy: 'most_proficient_longest_idle', escalationSteps: expect.any(Array) });
    const supervisor = (await api.login('super01')).accessToken;
    expect((await api.request('GET', '/api/admin/topics', undefined, { token: supervisor })).status).toBe(403);
    expect((await api.request('PATCH', '/api/admin/topics/tips', { strategy: 'longest_idle' }, { token: supervisor })).status).toBe(403);
  });

  it('switches a topic’s strategy and the next call follows it', async () => {
    await env.db.query(`UPDATE agents SET state = 'offline'`);
    const skills = [
      { skillKey: 'tips', proficiency: 5 },
      { skillKey: 'lang:nb', proficiency: 5 },
    ];
    const juniorSkills = [
      { skillKey: 'tips', proficiency: 1 },
      { skillKey: 'lang:nb', proficiency: 5 },
    ];
    expect((await api.request('PUT', `/api/admin/agents/${await agentId('agent11')}/skills`, { skills }, asAdmin())).status).toBe(200);
    expect((await api.request('PUT', `/api/admin/agents/${await agentId('agent12')}/skills`, { skills: juniorSkills }, asAdmin())).status).toBe(200);
    await api.request('PATCH', '/api/admin/topics/tips', { escalationSteps: [], minProficiency: 1 }, asAdmin());
    const junior = await signIn(api, 'agent12');
    const expert = await signIn(api, 'agent11');
    await api.setState(junior.token, 'available');
    await api.setState(expert.token, 'available');
    // The junior has been idle longest: available for an hour, without waiting for it.
    await env.db.query(`UPDATE agents SET state_since = now() - interval '1 hour' WHERE id = $1`, [junior.agentId]);

    const offeredTo = async () => {
      const { callId } = (await api.telephony('/calls', { externalId: `strategy-${Date.now()}`, topicKey: 'tips', language: 'nb' })).body;
      const who = await eventually(async () => {
        for (const agent of [junior, expert]) if ((await api.me(agent.token)).body.offer?.callId === callId) return agent.username;
        return undefined;
      }, 'an offer');
      await api.telephony(`/calls/${callId}/hangup`);
      return who;
    };
    expect(await offeredTo()).toBe('agent11'); // most proficient first
    const patched = await api.request<TopicAdminView>('PATCH', '/api/admin/topics/tips', { strategy: 'longest_idle' }, asAdmin());
    expect(patched.body).toMatchObject({ key: 'tips', strategy: 'longest_idle' });
    expect(await offeredTo()).toBe('agent12'); // longest idle, whatever the proficiency
  });

  it('gives an agent a new skill that routing uses at once', async () => {
    await env.db.query(`UPDATE agents SET state = 'offline'`);
    const created = await api.request('POST', '/api/admin/skills', { key: 'lang:fi', kind: 'language', nameNb: 'Finsk', nameEn: 'Finnish' }, asAdmin());
    expect(created.status).toBe(201);
    const id = await agentId('agent13');
    const set = await api.request<AgentSkillsAdminView>(
      'PUT',
      `/api/admin/agents/${id}/skills`,
      {
        skills: [
          { skillKey: 'lost_property', proficiency: 3 },
          { skillKey: 'lang:fi', proficiency: 5 },
        ],
      },
      asAdmin(),
    );
    expect(set.body.skills).toEqual([
      { skillKey: 'lang:fi', proficiency: 5 },
      { skillKey: 'lost_property', proficiency: 3 },
    ]);
    const agent = await signIn(api, 'agent13');
    await api.setState(agent.token, 'available');
    const { callId } = (await api.telephony('/calls', { externalId: 'finnish-1', topicKey: 'lost_property', language: 'fi' })).body;
    expect(await eventually(async () => (await api.me(agent.token)).body.offer?.callId, 'the Finnish call')).toBe(callId);
    await api.telephony(`/calls/${callId}/hangup`);
  });

  it('announces an agent’s skills as they are: after an edit, at each state change, after a skill’s key changes', async () => {
    const id = await agentId('agent14');
    const announced: { id: string; state: string; skills: { skillKey: string; proficiency: number }[] }[] = [];
    const listener = await env.db.connect();
    try {
      listener.on('notification', (message) => {
        const change = JSON.parse(message.payload!);
        if (change.kind === 'agent' && change.id === id) announced.push(change);
      });
      await listener.query('LISTEN floor_changes');
      const skills = [
        { skillKey: 'tips', proficiency: 4 },
        { skillKey: 'lang:nb', proficiency: 5 },
      ];
      expect((await api.request('PUT', `/api/admin/agents/${id}/skills`, { skills }, asAdmin())).status).toBe(200);
      const agent = await signIn(api, 'agent14');
      await api.setState(agent.token, 'available');
      await api.setState(agent.token, 'break');
      const byKey = [
        { skillKey: 'lang:nb', proficiency: 5 },
        { skillKey: 'tips', proficiency: 4 },
      ];
      await eventually(async () => announced.some((c) => c.state === 'break') || undefined, 'the break announced');
      // Every announcement after the edit's last one carries the new skills, by key.
      const afterEdit = announced.slice(announced.findIndex((c) => JSON.stringify(c.skills) === JSON.stringify(byKey)));
      expect(afterEdit.length).toBeGreaterThanOrEqual(3);
      for (const change of afterEdit) expect(change.skills).toEqual(byKey);

      announced.length = 0;
      await env.db.query(`UPDATE skills SET key = 'tips_renamed' WHERE key = 'tips'`);
      try {
        const renamed = await eventually(async () => announced.at(-1), 'the rename announced');
        expect(renamed.skills).toEqual([
          { skillKey: 'lang:nb', proficiency: 5 },
          { skillKey: 'tips_renamed', proficiency: 4 },
        ]);
      } finally {
        await env.db.query(`UPDATE skills SET key = 'tips' WHERE key = 'tips_renamed'`);
      }
    } finally {
      await listener.query('UNLISTEN *');
      listener.release();
    }
  });

  it('creates a topic that takes calls', async () => {
    const created = await api.request<TopicAdminView>(
      'POST',
      '/api/admin/topics',
      { key: 'weapons_amnesty', nameNb: 'Våpenamnesti', nameEn: 'Weapons amnesty', skillKey: 'firearms', escalationSteps: [{ afterSec: 0, minProficiency: 3 }] },
      asAdmin(),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: 'weapons_amnesty', skillKey: 'firearms', strategy: 'most_proficient_longest_idle', active: true });
    expect((await api.telephony('/calls', { externalId: 'amnesty-1', topicKey: 'weapons_amnesty', language: 'nb' })).status).toBe(201);
  });

  describe('bad edits are refused and change nothing', () => {
    let before: Record<string, string>;
    beforeAll(async () => {
      const { rows } = await env.db.query<{ xact: string }>(`UPDATE agents SET state = 'offline' RETURNING pg_current_xact_id()::text AS xact`);
      // A round that read the agents before may still be writing; one that saw them offline has finished it.
      await env.routingRoundSaw(rows[0]!.xact);
      before = await env.fingerprint();
    });
    afterAll(async () => {
      expect(await env.fingerprint()).toEqual(before);
    });

    const cases = [
      { name: 'steps out of order', method: 'PATCH', path: '/api/admin/topics/tips', body: { escalationSteps: [{ afterSec: 30 }, { afterSec: 10 }] }, status: 400, message: /increasing afterSec/ },
      { name: 'a proficiency of 7', method: 'PATCH', path: '/api/admin/topics/tips', body: { minProficiency: 7 }, status: 400, message: /minProficiency/ },
      { name: 'a step proficiency of 0', method: 'PATCH', path: '/api/admin/topics/tips', body: { escalationSteps: [{ afterSec: 0, minProficiency: 0 }] }, status: 400 },
      { name: 'a step with an unknown field', method: 'PATCH', path: '/api/admin/topics/tips', body: { escalationSteps: [{ afterSec: 0, skip: true }] }, status: 400 },
      { name: 'an unknown strategy', method: 'PATCH', path: '/api/admin/topics/tips', body: { strategy: 'random' }, status: 400, message: /strategy must be one of/ },
      { name: 'an unknown skill', method: 'PATCH', path: '/api/admin/topics/tips', body: { skillKey: 'astrology' }, status: 400, message: /Unknown skillKey/ },
      { name: 'nothing to change', method: 'PATCH', path: '/api/admin/topics/tips', body: {}, status: 400 },
      { name: 'a proficiency of null', method: 'PATCH', path: '/api/admin/topics/tips', body: { minProficiency: null }, status: 400, message: /minProficiency/ },
      { name: 'a name of null', method: 'PATCH', path: '/api/admin/topics/tips', body: { nameNb: null }, status: 400, message: /nameNb/ },
      { name: 'steps of null', method: 'PATCH', path: '/api/admin/topics/tips', body: { escalationSteps: null }, status: 400, message: /escalationSteps/ },
      { name: 'a step level of null', method: 'PATCH', path: '/api/admin/topics/tips', body: { escalationSteps: [{ afterSec: 0, minProficiency: null }] }, status: 400, message: /minProficiency/ },
      { name: 'active of null', method: 'PATCH', path: '/api/admin/topics/tips', body: { active: null }, status: 400, message: /active/ },
      {
        name: 'a new topic with a null priority',
        method: 'POST',
        path: '/api/admin/topics',
        body: { key: 'new_one', nameNb: 'x', nameEn: 'x', skillKey: 'tips', priority: null },
        status: 400,
        message: /priority/,
      },
      { name: 'an unknown topic', method: 'PATCH', path: '/api/admin/topics/weather', body: { priority: 1 }, status: 404 },
      { name: 'a duplicate topic', method: 'POST', path: '/api/admin/topics', body: { key: 'tips', nameNb: 'x', nameEn: 'x', skillKey: 'tips' }, status: 409 },
      { name: 'a topic without names', method: 'POST', path: '/api/admin/topics', body: { key: 'new_one', skillKey: 'tips' }, status: 400, message: /nameNb/ },
      { name: 'a duplicate skill', method: 'POST', path: '/api/admin/skills', body: { key: 'lang:nb', kind: 'language', nameNb: 'x', nameEn: 'x' }, status: 409 },
      { name: 'a language skill not keyed lang:', method: 'POST', path: '/api/admin/skills', body: { key: 'finnish', kind: 'language', nameNb: 'x', nameEn: 'x' }, status: 400 },
      { name: 'skills of an unknown agent', method: 'PUT', path: '/api/admin/agents/6f1c7a4e-9a43-4c1e-8d0b-2a7e6f9b1c3d/skills', body: { skills: [] }, status: 404 },
      { name: 'skills of a malformed id', method: 'PUT', path: '/api/admin/agents/abc/skills', body: { skills: [] }, status: 400 },
    ];

    it.each(cases)('$name → $status', async ({ method, path, body, status, message }) => {
      const response = await api.request<{ message: string | string[] }>(method, path, body, asAdmin());
      expect(response.status).toBe(status);
      if (message) expect([response.body.message].flat().join('; ')).toMatch(message);
    });

    it('an unknown skill or a skill twice in an agent’s set → 400', async () => {
      const id = await agentId('agent14');
      for (const skills of [
        [{ skillKey: 'astrology', proficiency: 2 }],
        [
          { skillKey: 'tips', proficiency: 2 },
          { skillKey: 'tips', proficiency: 3 },
        ],
        [{ skillKey: 'tips', proficiency: 9 }],
      ]) {
        expect((await api.request('PUT', `/api/admin/agents/${id}/skills`, { skills }, asAdmin())).status).toBe(400);
      }
    });
  });
});
