import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually, type ApiClient } from './support/api-client.js';
import { agentsFor, signIn, workCall } from './support/agents.js';
import { cspViolations, launchChromium } from './support/browser.js';
import { TELEPHONY_KEY, TestEnvironment } from './support/test-environment.js';

/** `depth` nested arrays, `[[[…]]]`: valid JSON that only a recursive walk chokes on. */
const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/**
 * The edge every request passes before it reaches a route: the one JSON body parser, the query
 * DTOs, the headers every answer carries, and the telephony platform's replays.
 */
describe('the request edge', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let supervisor: string;
  let sequence = 0;
  const externalId = () => `edge-${Date.now()}-${++sequence}`;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    ({ api } = await env.startApi());
    // Calls stay queued and nothing moves by itself while the cases run: nobody takes them, no escalation steps.
    await env.db.query(`UPDATE agents SET state = 'offline'`);
    await env.db.query(`UPDATE topics SET escalation_steps = '[]'`);
    supervisor = (await api.login('super01')).accessToken;
  });
  afterAll(() => env.close());

  describe('JSON bodies with prototype keys', () => {
    const call = () => ({ externalId: externalId(), topicKey: 'passport', language: 'nb' });
    it.each([
      { name: '__proto__ in a new call', path: '/api/telephony/calls', raw: () => `{"__proto__":{"polluted":true},${JSON.stringify(call()).slice(1)}` },
      { name: 'constructor.prototype in a new call', path: '/api/telephony/calls', raw: () => `{"constructor":{"prototype":{"polluted":true}},${JSON.stringify(call()).slice(1)}` },
      { name: '__proto__ nested deep in a sign-in', path: '/api/auth/login', raw: () => '{"username":"agent01","password":"demo1234","x":[{"y":{"__proto__":{"role":"admin"}}}]}' },
      { name: '__proto__ spelled with escapes in a sign-in', path: '/api/auth/login', raw: () => '{"username":"agent01","password":"demo1234","\\u005f_proto__":{"role":"admin"}}' },
      { name: 'constructor.prototype nested in a sign-in', path: '/api/auth/login', raw: () => '{"username":"agent01","password":"demo1234","a":{"constructor":{"prototype":{"role":"admin"}}}}' },
      // The validation pipe's whitelist takes `constructor` for a known property (every object has one).
      { name: 'a plain constructor key in a new call', path: '/api/telephony/calls', raw: () => `{"constructor":"x",${JSON.stringify(call()).slice(1)}` },
      { name: 'a constructor key nested in a sign-in', path: '/api/auth/login', raw: () => '{"username":"agent01","password":"demo1234","a":[{"constructor":1}]}' },
    ])('$name → 400, nothing written', async ({ path, raw }) => {
      const before = await env.fingerprint();
      const response = await api.request<{ statusCode: number; message: string }>('POST', path, undefined, { apiKey: TELEPHONY_KEY, raw: raw() });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'The body has a forbidden key (__proto__ or constructor)' });
      expect(await env.fingerprint()).toEqual(before);
    });

    it('a key that merely contains the words is fine', async () => {
      const response = await api.request('POST', '/api/telephony/calls', { ...call(), externalId: `constructor-__proto__-${++sequence}` }, { apiKey: TELEPHONY_KEY });
      expect(response.status).toBe(201);
    });
  });

  describe('deeply nested JSON', () => {
    it.each([
      { path: '/api/auth/login', depth: 30_000 },
      { path: '/api/feedback/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', depth: 30_000 },
      { path: '/api/telephony/calls', depth: 33 },
    ])('$path with $depth levels → 400 before it is parsed', async ({ path, depth }) => {
      const before = await env.fingerprint();
      const response = await api.request('POST', path, undefined, { apiKey: TELEPHONY_KEY, raw: nestedArrays(depth) });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'The body is nested more than 32 levels deep' });
      expect(await env.fingerprint()).toEqual(before);
    });

    it('brackets inside strings do not count, and 32 levels are fine', async () => {
      const deepText = { username: '[[[[{{{{'.repeat(5), password: 'demo1234' };
      expect((await api.request('POST', '/api/auth/login', deepText)).status).toBe(401);
      // 32 levels: reaches validation, which refuses it as a body of the wrong shape.
      expect((await api.request('POST', '/api/auth/login', undefined, { raw: `{"username":${nestedArrays(31)},"password":"x"}` })).status).toBe(400);
      const answer = await api.request<{ message: string[] }>('POST', '/api/auth/login', undefined, { raw: `{"username":${nestedArrays(31)},"password":"x"}` });
      expect(answer.body.message.join(' ')).toMatch(/username/);
    });

    it('keeps the api answering /health/live while several go in', async () => {
      const deep = Array.from({ length: 6 }, () => api.request('POST', '/api/auth/login', undefined, { raw: nestedArrays(30_000) }));
      const live = api.request('GET', '/health/live');
      const answers = await Promise.all(deep);
      expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400, 400, 400]);
      expect((await live).status).toBe(200);
      expect((await api.request('POST', '/api/auth/login', { username: 'agent01', password: 'demo1234' })).status).toBe(200);
    });
  });

  describe('numeric query parameters', () => {
    it.each([
      { query: 'offset=99999999999999999999', message: /offset must be at most 1000000/ },
      { query: 'offset=1000001', message: /offset must be at most 1000000/ },
      { query: 'offset=-1', message: /offset must be at least 0/ },
      { query: 'offset=ten', message: /offset must be a whole number/ },
      { query: 'limit=1e300', message: /limit must be a whole number/ },
      { query: 'limit=0x10', message: /limit must be a whole number/ },
    ])('/api/follow-ups?$query → 400', async ({ query, message }) => {
      const response = await api.request<{ message: string[] }>('GET', `/api/follow-ups?${query}`, undefined, { token: supervisor });
      expect(response.status).toBe(400);
      expect(response.body.message.join('; ')).toMatch(message);
    });

    it('the largest offset is answered', async () => {
      const response = await api.request<{ items: unknown[] }>('GET', '/api/follow-ups?offset=1000000&limit=200', undefined, { token: supervisor });
      expect(response.status).toBe(200);
      expect(response.body.items).toEqual([]);
    });
  });

  describe('security headers', () => {
    const expectHardened = (headers: Headers) => {
      const csp = headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp.split(';').map((d) => d.trim())).toEqual(expect.arrayContaining(["style-src 'self'", "script-src 'self'"]));
      expect(csp).not.toContain('unsafe');
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('referrer-policy')).toBe('no-referrer');
      expect(headers.get('x-frame-options')).toBe('DENY');
      expect(headers.get('x-powered-by')).toBeNull();
    };

    it('on the console', async () => {
      for (const path of ['/', '/supervisor']) {
        const response = await fetch(`${api.baseUrl}${path}`);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^text\/html/);
        expectHardened(response.headers);
      }
    });

    it('on JSON answers of the api, and on its errors', async () => {
      const ok = await fetch(`${api.baseUrl}/api/follow-ups`, { headers: { authorization: `Bearer ${supervisor}` } });
      expect(ok.status).toBe(200);
      expectHardened(ok.headers);
      const refused = await fetch(`${api.baseUrl}/api/follow-ups`);
      expect(refused.status).toBe(401);
      expectHardened(refused.headers);
    });

    it('the OpenAPI page renders in Chromium within the policy', async () => {
      const browser = await launchChromium();
      try {
        const context = await browser.newContext();
        const violations = await cspViolations(context);
        const page = await context.newPage();
        await page.goto(`${api.baseUrl}/api/docs`);
        await page.getByText('First Contact API').first().waitFor();
        await page.getByText('/api/telephony/calls').first().waitFor();
        expect(violations).toEqual([]);
      } finally {
        await browser.close();
      }
    });

    it('the OpenAPI page still loads its own script and style', async () => {
      const page = await fetch(`${api.baseUrl}/api/docs`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(page.headers.get('content-security-policy')!.split(';')).toEqual(expect.arrayContaining(["script-src 'self'", "style-src 'self' 'unsafe-inline'"]));
      const html = await page.text();
      for (const asset of html.match(/(?:src|href)="\.?\/?[^"]+\.(?:js|css)"/g) ?? []) {
        const path = asset.replace(/^(?:src|href)="\.?\/?/, '').replace(/"$/, '');
        expect((await fetch(`${api.baseUrl}/api/docs/${path.replace(/^api\/docs\//, '')}`)).status).toBe(200);
      }
    });
  });

  describe('telephony replays', () => {
    it('the same arrival again is 200 and the same call; a different topic, language or number is 409 and changes nothing', async () => {
      const id = externalId();
      const first = { externalId: id, callerNumber: '+47 912 34 567', topicKey: 'passport', language: 'nb' };
      const created = await api.telephony('/calls', first);
      expect(created.status).toBe(201);
      const replay = await api.telephony('/calls', { ...first, callerNumber: '+4791234567' });
      expect(replay.status).toBe(200);
      expect(replay.body.callId).toBe(created.body.callId);

      const before = await env.fingerprint();
      for (const different of [{ topicKey: 'tips' }, { language: 'en' }, { callerNumber: '+4791234568' }, { callerNumber: undefined }]) {
        const answer = await api.request<{ statusCode: number; message: string }>('POST', '/api/telephony/calls', { ...first, ...different }, { apiKey: TELEPHONY_KEY });
        expect(answer.status).toBe(409);
        expect(answer.body).toMatchObject({ statusCode: 409, message: `externalId "${id}" is already a call with another topic, language or caller number` });
        expect(JSON.stringify(answer.body)).not.toMatch(/9123456/);
      }
      expect(await env.fingerprint()).toEqual(before);
    });

    it('a replay of a call that was transferred since is still the same call', async () => {
      const first = { externalId: externalId(), topicKey: 'passport', language: 'nb' };
      const created = await api.telephony('/calls', first);
      await env.db.query(`UPDATE calls SET topic_id = (SELECT id FROM topics WHERE key = 'tips') WHERE id = $1`, [created.body.callId]);
      const replay = await api.telephony('/calls', first);
      expect(replay.status).toBe(200);
      expect(replay.body.callId).toBe(created.body.callId);
    });

    it("an inbound externalId cannot take the name of another call's callback", async () => {
      const id = externalId();
      const taken = await api.request<{ message: string[] }>('POST', '/api/telephony/calls', { externalId: `${id}:callback`, topicKey: 'passport', language: 'nb' }, { apiKey: TELEPHONY_KEY });
      expect(taken.status).toBe(400);
      expect(taken.body.message.join('; ')).toMatch(/externalId must not end in ":callback"/);

      const call = await api.telephony('/calls', { externalId: id, callerNumber: '+4791234569', topicKey: 'passport', language: 'nb' });
      expect(call.status).toBe(201);
      const callback = await api.telephony<{ callbackCallId: string; state: string }>(`/calls/${call.body.callId}/callback`);
      expect(callback.status).toBe(200);
      const stored = await eventually(
        async () => (await env.db.query<{ external_id: string; direction: string }>('SELECT external_id, direction FROM calls WHERE id = $1', [callback.body.callbackCallId])).rows[0],
        'the callback call',
      );
      expect(stored).toEqual({ external_id: `${id}:callback`, direction: 'callback' });
    });
  });

  describe('errors in the log', () => {
    it('a database error on a write that carries a caller number is logged without the number', async () => {
      let log = '';
      const spawned = await env.spawnApi({ LOG_LEVEL: 'info' }, { output: (text) => (log += text) });
      // This database refuses numbers from one series, so storing the caller's number fails.
      await env.db.query(`ALTER TABLE caller_numbers ADD CONSTRAINT test_refuses_series CHECK (phone_e164 NOT LIKE '+47991%')`);
      try {
        const before = await env.fingerprint();
        const answer = await spawned.api.telephony('/calls', { externalId: externalId(), callerNumber: '+47 991 23 456', topicKey: 'passport', language: 'nb' });
        expect(answer.status).toBe(500);
        expect(answer.body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' });
        expect(await env.fingerprint()).toEqual(before);
        const failure = await eventually(async () => log.split('\n').find((line) => line.includes('"request failed"')), 'the error in the log');
        const { err } = JSON.parse(failure) as { err: Record<string, unknown> };
        expect(err).toMatchObject({ type: 'QueryFailedError', code: '23514', table: 'caller_numbers', constraint: 'test_refuses_series' });
        expect(err.query).toMatch(/INSERT INTO caller_numbers/);
        expect(log).not.toMatch(/99123456|991 23 456/);
      } finally {
        await env.db.query('ALTER TABLE caller_numbers DROP CONSTRAINT test_refuses_series');
      }
    });
  });
});

describe("the worker's log", () => {
  let env: TestEnvironment;
  afterAll(() => env.close());

  it("a job's database error on a write that carries a caller number is logged without the number", async () => {
    env = await TestEnvironment.create({ QUALITY_SAMPLE_RATE: '0' });
    const { api } = await env.startApi();
    let log = '';
    await env.spawnWorker({}, { output: (text) => (log += text) });
    // This database refuses texts to one series of numbers, so the feedback invitation cannot be written.
    await env.db.query(`ALTER TABLE sms_outbox ADD CONSTRAINT test_refuses_series CHECK (to_e164 NOT LIKE '+47991%')`);
    await env.db.query(`UPDATE agents SET state = 'offline'`);
    const agent = await signIn(api, (await agentsFor(env, 'passport'))[0]!);
    expect((await api.setState(agent.token, 'available')).status).toBe(200);
    const callId = (await api.telephony('/calls', { externalId: `edge-worker-${Date.now()}`, callerNumber: '+47 991 23 457', topicKey: 'passport', language: 'nb' })).body.callId;
    await workCall(api, agent, callId);

    const failure = await eventually(async () => log.split('\n').find((line) => line.includes('"job failed') && line.includes('QueryFailedError')), 'the failed job in the log', 15_000);
    const { err } = JSON.parse(failure) as { err: Record<string, unknown> };
    expect(err).toMatchObject({ type: 'QueryFailedError', code: '23514', table: 'sms_outbox', constraint: 'test_refuses_series' });
    expect(log).not.toMatch(/99123457|991 23 457/);
  });
});
