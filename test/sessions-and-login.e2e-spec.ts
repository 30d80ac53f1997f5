import type { UserAdminView } from '@fc/contracts';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { io, type Socket } from 'socket.io-client';
import { eventually, type ApiClient } from './support/api-client.js';
import { launchChromium, signInAt } from './support/browser.js';
import { openSocket, refusal } from './support/sockets.js';
import { JWT_SECRET, TestEnvironment } from './support/test-environment.js';

/** Each change must reach the other api process within this bound. */
const ACROSS_PROCESSES_MS = 1000;

describe('sessions end everywhere when a user is changed', () => {
  let env: TestEnvironment;
  let a: ApiClient;
  let b: ApiClient;
  let adminOnB: string;
  const sockets: Socket[] = [];
  let serial = 0;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    ({ api: a } = await env.startApi());
    ({ api: b } = await env.startApi());
    adminOnB = (await b.login('admin')).accessToken;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await env.close();
  });

  const createUser = async (role: string): Promise<UserAdminView> => {
    const username = `session-${role}-${++serial}`;
    const response = await b.request<UserAdminView>('POST', '/api/admin/users', { username, displayName: `Session ${serial}`, role, password: 'first-pass-1234' }, { token: adminOnB });
    expect(response.status).toBe(201);
    return response.body;
  };
  const statusOf = async (api: ApiClient, token: string) => (await api.request('GET', '/api/topics', undefined, { token })).status;
  /** Waits (at most {@link ACROSS_PROCESSES_MS}) until `api` refuses `token` with 401. */
  const refusedWithin = (api: ApiClient, token: string, what: string) => eventually(async () => ((await statusOf(api, token)) === 401 ? true : undefined), what, ACROSS_PROCESSES_MS);
  const connected = async (namespace: '/agent' | '/supervisor', token: string): Promise<Socket> => {
    const socket = openSocket<Socket>(a.baseUrl, namespace, token);
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  };
  const disconnectedWithin = (socket: Socket) =>
    new Promise<string>((resolve, reject) => {
      if (!socket.connected) return resolve('already');
      const timer = setTimeout(() => reject(new Error(`socket still connected after ${ACROSS_PROCESSES_MS} ms`)), ACROSS_PROCESSES_MS);
      socket.once('disconnect', (reason) => {
        clearTimeout(timer);
        resolve(reason);
      });
    });

  it('a password reset on one api ends the sessions on the other at once, also a token of the same second, and a fresh login works', async () => {
    const user = await createUser('agent');
    const old = (await a.login(user.username, 'first-pass-1234')).accessToken;
    expect(await statusOf(a, old)).toBe(200);
    const socket = await connected('/agent', old);
    const disconnected = disconnectedWithin(socket);

    expect((await b.request('PUT', `/api/admin/users/${user.id}/password`, { password: 'second-pass-1234' }, { token: adminOnB })).status).toBe(204);
    // Signed in again at once, within the same second as the reset: this token must be good, the old one not.
    const fresh = (await a.login(user.username, 'second-pass-1234')).accessToken;
    await refusedWithin(a, old, 'the old token refused on the other api');
    await expect(disconnected).resolves.toBe('io server disconnect');
    expect(await statusOf(b, old)).toBe(401);
    expect(await statusOf(a, fresh)).toBe(200);
    expect(await statusOf(b, fresh)).toBe(200);
    expect((await a.request('POST', '/api/auth/login', { username: user.username, password: 'first-pass-1234' })).status).toBe(401);
    expect((await refusal(openSocket(a.baseUrl, '/agent', old))).data).toMatchObject({ statusCode: 401 });
  });

  it('a role change on one api ends the sessions on the other at once, sockets too', async () => {
    const user = await createUser('supervisor');
    const old = (await a.login(user.username, 'first-pass-1234')).accessToken;
    // Api A has read (and keeps) the user's status now.
    expect(await statusOf(a, old)).toBe(200);
    const socket = await connected('/supervisor', old);
    const disconnected = disconnectedWithin(socket);

    expect((await b.request('PATCH', `/api/admin/users/${user.id}`, { role: 'quality' }, { token: adminOnB })).status).toBe(200);
    await refusedWithin(a, old, 'the supervisor token refused on the other api');
    await expect(disconnected).resolves.toBe('io server disconnect');
    const fresh = await a.login(user.username, 'first-pass-1234');
    expect(fresh.user.role).toBe('quality');
    expect(await statusOf(a, fresh.accessToken)).toBe(200);
  });

  it('deactivation ends the sessions on the other api at once, and reactivation does not bring the old token back', async () => {
    const user = await createUser('agent');
    const old = (await a.login(user.username, 'first-pass-1234')).accessToken;
    expect(await statusOf(a, old)).toBe(200);
    const socket = await connected('/agent', old);
    const disconnected = disconnectedWithin(socket);

    expect((await b.request('PATCH', `/api/admin/users/${user.id}`, { active: false }, { token: adminOnB })).status).toBe(200);
    await refusedWithin(a, old, 'the deactivated user’s token refused on the other api');
    await expect(disconnected).resolves.toBe('io server disconnect');

    expect((await b.request('PATCH', `/api/admin/users/${user.id}`, { active: true }, { token: adminOnB })).status).toBe(200);
    // Both apis have had the time to hear of the reactivation once a fresh login works on A.
    const fresh = (await a.login(user.username, 'first-pass-1234')).accessToken;
    expect(await statusOf(a, fresh)).toBe(200);
    expect(await statusOf(b, old)).toBe(401);
    expect(await statusOf(a, old)).toBe(401);
    expect((await refusal(openSocket(a.baseUrl, '/agent', old))).data).toMatchObject({ statusCode: 401 });
  });

  it('refuses a token whose agentId is not the agent of the user it names', async () => {
    const agent01 = await a.login('agent01');
    const agent02 = await a.login('agent02');
    const jwt = new JwtService({ secret: JWT_SECRET });
    const claims = jwt.decode<Record<string, unknown>>(agent01.accessToken);
    const { iat: _iat, exp: _exp, ...rest } = claims;
    const forged = await jwt.signAsync({ ...rest, agentId: agent02.user.agentId }, { expiresIn: 600, algorithm: 'HS256' });
    const genuine = await jwt.signAsync({ ...rest }, { expiresIn: 600, algorithm: 'HS256' });
    expect((await a.me(genuine)).status).toBe(200);
    const response = await a.me(forged);
    expect(response).toEqual({ status: 401, body: { statusCode: 401, error: 'Unauthorized', message: 'Access token no longer valid: sign in again' } });
    expect((await refusal(openSocket(a.baseUrl, '/agent', forged))).data).toMatchObject({ statusCode: 401 });
  });

  it('refuses every connection to the default namespace, with or without a token', async () => {
    const token = (await a.login('super01')).accessToken;
    for (const auth of [{}, { token }]) {
      const socket = io(`${a.baseUrl}/`, { transports: ['websocket'], auth, reconnection: false, forceNew: true });
      sockets.push(socket);
      const refused = await refusal(socket);
      expect(refused.data).toMatchObject({ statusCode: 404 });
    }
  });

  describe('the job dashboard cookie', () => {
    const cookieFor = async (token: string): Promise<string> => {
      const response = await fetch(`${a.baseUrl}/api/admin/jobs/session`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(204);
      return response.headers.getSetCookie()[0]!.split('; ')[0]!;
    };
    const board = async (cookie: string) => {
      const response = await fetch(`${a.baseUrl}/api/admin/jobs/api/queues`, { headers: { cookie } });
      return { status: response.status, body: (await response.json()) as unknown };
    };

    it.each([
      ['demoted', { role: 'supervisor' }],
      ['deactivated', { active: false }],
    ])('is refused at once on every api once its administrator is %s', async (_, change) => {
      const admin = await createUser('admin');
      const cookie = await cookieFor((await a.login(admin.username, 'first-pass-1234')).accessToken);
      expect((await board(cookie)).status).toBe(200);

      expect((await b.request('PATCH', `/api/admin/users/${admin.id}`, change, { token: adminOnB })).status).toBe(200);
      const refused = await eventually(
        async () => {
          const answer = await board(cookie);
          return answer.status === 200 ? undefined : answer;
        },
        'the cookie refused',
        ACROSS_PROCESSES_MS,
      );
      expect(refused).toEqual({ status: 401, body: { statusCode: 401, error: 'Unauthorized', message: 'Access token no longer valid: sign in again' } });
      const pause = await fetch(`${a.baseUrl}/api/admin/jobs/api/queues/follow-ups/pause`, { method: 'PUT', headers: { cookie } });
      expect(pause.status).toBe(401);
    });
  });
});

describe('login throttling', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  const BLOCK_SEC = 2;

  beforeAll(async () => {
    // The api stands behind a proxy on loopback (TRUSTED_PROXIES), so X-Forwarded-For names the client.
    env = await TestEnvironment.create({ LOGIN_ACCOUNT_BLOCK_SEC: String(BLOCK_SEC), LOGIN_ADDRESS_MAX_FAILURES: '30', LOGIN_ADDRESS_BLOCK_SEC: '60', TRUSTED_PROXIES: '127.0.0.1' });
    ({ api } = await env.startApi());
  });
  afterAll(() => env.close());

  /** A login from `address` (the api trusts X-Forwarded-For from the loopback proxy it is configured with). */
  const login = async (address: string, username: string, password: string) => {
    const response = await fetch(`${api.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ username, password }),
    });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Record<string, unknown> };
  };

  it('slows password guessing on one account: 429 with Retry-After long before 40 tries, and the right password after the block', async () => {
    const answers = [];
    for (let i = 0; i < 40; i++) answers.push(await login('198.51.100.1', 'agent05', `wrong-guess-${i}`));
    const first429 = answers.findIndex((answer) => answer.status === 429);
    expect(first429).toBeGreaterThan(0);
    expect(first429).toBeLessThan(39);
    expect(answers.slice(0, first429).every((answer) => answer.status === 401)).toBe(true);
    const refused = answers[first429]!;
    expect(refused.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: expect.stringMatching(/too many failed sign-ins/i) });
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(BLOCK_SEC);
    expect(answers.slice(first429).every((answer) => answer.status === 429)).toBe(true);

    // During the block even the right password waits.
    expect((await login('198.51.100.1', 'agent05', 'demo1234')).status).toBe(429);
    // After it, one more failure blocks again at once, for twice as long.
    const next = await eventually(
      async () => {
        const answer = await login('198.51.100.1', 'agent05', 'wrong-guess-after');
        return answer.status === 429 ? undefined : answer;
      },
      'the first block over',
      (BLOCK_SEC + 2) * 1000,
    );
    expect(next.status).toBe(401);
    const again = await login('198.51.100.1', 'agent05', 'wrong-guess-again');
    expect(again.status).toBe(429);
    expect(Number(again.retryAfter)).toBeGreaterThan(BLOCK_SEC);
    expect(Number(again.retryAfter)).toBeLessThanOrEqual(2 * BLOCK_SEC);
    // The right password works once that block is over.
    const after = await eventually(
      async () => {
        const answer = await login('198.51.100.1', 'agent05', 'demo1234');
        return answer.status === 429 ? undefined : answer;
      },
      'the second block over',
      (2 * BLOCK_SEC + 2) * 1000,
    );
    expect(after.status).toBe(200);

    // The first refusal of each block is audited (not each refusal after it), naming the account, never the password.
    const agentId = (after.body.user as { id: string }).id;
    const { rows: throttled } = await env.db.query<{ actor_user_id: string | null; entity_id: string | null; data: Record<string, unknown> }>(
      `SELECT actor_user_id, entity_id, data FROM audit_log WHERE action = 'auth.login_throttled' ORDER BY at`,
    );
    expect(throttled).toEqual([
      { actor_user_id: null, entity_id: agentId, data: { rule: 'account', retryAfterSec: Number(refused.retryAfter) } },
      { actor_user_id: null, entity_id: agentId, data: { rule: 'account', retryAfterSec: Number(again.retryAfter) } },
    ]);
    const { rows: leaks } = await env.db.query(`SELECT 1 FROM audit_log WHERE data::text LIKE '%wrong-guess%' OR data::text LIKE '%demo1234%'`);
    expect(leaks).toEqual([]);
  });

  it('does not block another account from the same address, nor the right password there', async () => {
    for (let i = 0; i < 3; i++) expect((await login('198.51.100.1', 'agent06', `wrong-${i}`)).status).toBe(401);
    expect((await login('198.51.100.1', 'agent06', 'demo1234')).status).toBe(200);
  });

  it('a successful login resets the account’s count', async () => {
    for (let i = 0; i < 9; i++) expect((await login('198.51.100.3', 'agent07', `wrong-${i}`)).status).toBe(401);
    expect((await login('198.51.100.3', 'agent07', 'demo1234')).status).toBe(200);
    for (let i = 0; i < 9; i++) expect((await login('198.51.100.3', 'agent07', `wrong-again-${i}`)).status).toBe(401);
  });

  it('holds one address guessing across many accounts to its own budget', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) statuses.push((await login('198.51.100.2', `agent${String(10 + (i % 20)).padStart(2, '0')}`, `wrong-${i}`)).status);
    expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(30).every((status) => status === 429)).toBe(true);
    const refused = await login('198.51.100.2', 'agent31', 'demo1234');
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(BLOCK_SEC);
    // Another address is not held back by it.
    expect((await login('198.51.100.4', 'agent31', 'demo1234')).status).toBe(200);
    const { rows } = await env.db.query(`SELECT entity_id, data FROM audit_log WHERE action = 'auth.login_throttled' AND data->>'rule' = 'address'`);
    expect(rows.length).toBeGreaterThanOrEqual(1);
  });
});

describe('login throttling at the sign-in form', () => {
  let env: TestEnvironment;
  let api: ApiClient;

  // A block long enough that a browser's start-up cannot outlast it.
  beforeAll(async () => {
    env = await TestEnvironment.create({ LOGIN_ACCOUNT_BLOCK_SEC: '120' });
    ({ api } = await env.startApi());
  });
  afterAll(() => env.close());

  it('tells the person how many minutes to wait', async () => {
    for (let i = 0; i < 10; i++) expect((await api.request('POST', '/api/auth/login', { username: 'agent08', password: `wrong-${i}` })).status).toBe(401);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await signInAt(page, api.baseUrl, 'agent08');
      const notice = page.getByText('For mange mislykkede innlogginger');
      await notice.waitFor();
      expect(await notice.textContent()).toBe('For mange mislykkede innlogginger. Prøv igjen om 2 minutter.');
    } finally {
      await browser.close();
    }
  });
});
