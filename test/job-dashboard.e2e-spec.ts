import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually, type ApiClient } from './support/api-client.js';
import { cspViolations, launchChromium } from './support/browser.js';
import { TestEnvironment } from './support/test-environment.js';

interface BoardQueue {
  name: string;
  counts: Record<string, number>;
  jobs: { id: string; name: string; data: unknown; failedReason: string; attempts: number }[];
}

describe('job dashboard: a job that finally fails is visible to administrators, and to nobody else', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let admin: string;
  let adminUserId: string;
  let cookie: string;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    ({ api } = await env.startApi());
    await env.startWorker();
    const login = await api.login('admin');
    admin = login.accessToken;
    adminUserId = login.user.id;
  });
  afterAll(() => env.close());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${api.baseUrl}${path}`, { headers });
  const json = async (response: Response) => ({ status: response.status, body: (await response.json()) as unknown });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const scrape = async () => (await fetch(`${api.baseUrl}/metrics`)).text();

  it('refuses the board without credentials (401) and to agents and supervisors (403), in the api’s error shape', async () => {
    const unauthenticated = { statusCode: 401, error: 'Unauthorized', message: 'An administrator access token or job dashboard session is required' };
    await expect(json(await get('/api/admin/jobs'))).resolves.toEqual({ status: 401, body: unauthenticated });
    await expect(json(await get('/api/admin/jobs/api/queues'))).resolves.toEqual({ status: 401, body: unauthenticated });
    await expect(json(await get('/api/admin/jobs/static/images/logo.svg'))).resolves.toEqual({ status: 401, body: unauthenticated });
    await expect(json(await get('/api/admin/jobs', { authorization: 'Bearer not-a-token' }))).resolves.toEqual({
      status: 401,
      body: { statusCode: 401, error: 'Unauthorized', message: 'Access token invalid' },
    });
    for (const username of ['agent01', 'super01', 'quality01']) {
      const token = (await api.login(username)).accessToken;
      await expect(json(await get('/api/admin/jobs', bearer(token)))).resolves.toEqual({
        status: 403,
        body: { statusCode: 403, error: 'Forbidden', message: 'This needs the role admin' },
      });
      await expect(json(await get('/api/admin/jobs/api/queues', bearer(token)))).resolves.toMatchObject({ status: 403 });
      expect((await api.request('POST', '/api/admin/jobs/session', undefined, { token })).status).toBe(403);
    }
  });

  it('shows the board to an administrator with a bearer token', async () => {
    const response = await get('/api/admin/jobs', bearer(admin));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    expect(html).toContain('<base href="/api/admin/jobs/" />');
    expect(html).toContain('<title>First Contact jobs</title>');
  });

  it('turns an administrator’s bearer token into an HttpOnly, SameSite=Strict cookie for the board’s path only', async () => {
    expect((await api.request('POST', '/api/admin/jobs/session')).status).toBe(401);
    const response = await fetch(`${api.baseUrl}/api/admin/jobs/session`, { method: 'POST', headers: bearer(admin) });
    expect(response.status).toBe(204);
    const [setCookie, ...others] = response.headers.getSetCookie();
    expect(others).toEqual([]);
    const [pair, ...attributes] = setCookie!.split('; ');
    expect(pair).toMatch(/^fc_job_dashboard=[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(attributes.filter((a) => !a.startsWith('Expires=')).sort()).toEqual(['HttpOnly', 'Max-Age=900', 'Path=/api/admin/jobs', 'SameSite=Strict']);
    cookie = pair!;
    const { rows } = await env.db.query(`SELECT actor_user_id, actor_role, entity_id FROM audit_log WHERE action = 'jobs.dashboard_session'`);
    expect(rows).toEqual([{ actor_user_id: adminUserId, actor_role: 'admin', entity_id: adminUserId }]);
  });

  it('opens the board, its assets and its API with the cookie alone', async () => {
    const page = await get('/api/admin/jobs', { cookie });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>First Contact jobs</title>');
    const logo = await get('/api/admin/jobs/static/images/logo.svg', { cookie: `other=1; ${cookie}` });
    expect([logo.status, logo.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);
    const queues = await json(await get('/api/admin/jobs/api/queues', { cookie }));
    expect(queues.status).toBe(200);
    expect((queues.body as { queues: BoardQueue[] }).queues.map((q) => q.name).sort()).toEqual(['feedback', 'follow-ups', 'platform-events', 'retention']);
  });

  it("carries the api's security headers, and the board still renders in Chromium within them", async () => {
    const page = await get('/api/admin/jobs', { cookie });
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const browser = await launchChromium();
    try {
      const context = await browser.newContext();
      const violations = await cspViolations(context);
      const [name, value] = cookie.split('=') as [string, string];
      await context.addCookies([{ name, value, url: `${api.baseUrl}/api/admin/jobs` }]);
      const board = await context.newPage();
      await board.goto(`${api.baseUrl}/api/admin/jobs`);
      await board.getByText('follow-ups').first().waitFor();
      // The board links web fonts from Google; the policy keeps a police console from calling out to them.
      expect(violations.filter((v) => !v.includes('fonts.googleapis.com'))).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('keeps the session token and access tokens apart', async () => {
    const sessionToken = cookie.slice('fc_job_dashboard='.length);
    // The cookie's token is no access token: not for the api, and not for the board as a bearer token.
    expect((await api.request('GET', '/api/admin/topics', undefined, { token: sessionToken })).status).toBe(401);
    expect((await get('/api/admin/jobs', bearer(sessionToken))).status).toBe(401);
    // An access token is no session, even an administrator's.
    await expect(json(await get('/api/admin/jobs', { cookie: `fc_job_dashboard=${admin}` }))).resolves.toEqual({
      status: 401,
      body: { statusCode: 401, error: 'Unauthorized', message: 'Job dashboard session invalid' },
    });
    // A session cannot renew itself: opening one takes the bearer token.
    expect((await fetch(`${api.baseUrl}/api/admin/jobs/session`, { method: 'POST', headers: { cookie } })).status).toBe(401);
  });

  it('shows a job that failed for good as failed, and counts it for Prometheus', async () => {
    const before = await scrape();
    expect(before).toContain('fc_jobs{queue="follow-ups",state="failed"} 0');
    expect(before).toMatch(/^fc_job_outbox_pending 0$/m);
    // A follow-up job whose payload can never be right: the processor fails it for good, at once.
    await env.db.query(`INSERT INTO job_outbox (queue, name, job_id, payload) VALUES ('follow-ups', 'create-follow-up', 'broken-job', '{"callId": "not-a-uuid"}')`);
    const query = '/api/admin/jobs/api/queues?activeQueue=follow-ups&status=failed&page=1&jobsPerPage=10';
    const followUps = await eventually(
      async () => {
        const { body } = await json(await get(query, { cookie }));
        const queue = (body as { queues: BoardQueue[] }).queues.find((q) => q.name === 'follow-ups');
        return queue?.counts.failed ? queue : undefined;
      },
      'the broken job to fail',
      15_000,
    );
    expect(followUps.counts.failed).toBe(1);
    expect(followUps.jobs.map(({ id, name, data, failedReason, attempts }) => ({ id, name, data, failedReason, attempts }))).toEqual([
      { id: 'broken-job', name: 'create-follow-up', data: { callId: 'not-a-uuid' }, failedReason: 'create-follow-up payload does not match its schema at callId, kind, cause, at', attempts: 1 },
    ]);

    const after = await scrape();
    expect(after).toContain('fc_jobs{queue="follow-ups",state="failed"} 1');
    expect(after).toContain('fc_jobs{queue="feedback",state="failed"} 0');
    expect(after).toContain('fc_jobs{queue="retention",state="failed"} 0');
    // Its effect never committed, so the outbox still holds it.
    expect(after).toMatch(/^fc_job_outbox_pending 1$/m);
    // The names operations already watch are still there.
    expect(after).toMatch(/^fc_queue_waiting_calls\{topic="passport"\} 0$/m);
  });

  it('lets an administrator retry it from the board, and audits that', async () => {
    const response = await fetch(`${api.baseUrl}/api/admin/jobs/api/queues/follow-ups/broken-job/retry`, { method: 'PUT', headers: { cookie } });
    expect(response.status).toBe(204);
    await eventually(
      async () => {
        const { body } = await json(await get('/api/admin/jobs/api/queues?activeQueue=follow-ups&status=failed&page=1&jobsPerPage=10', { cookie }));
        const queue = (body as { queues: BoardQueue[] }).queues.find((q) => q.name === 'follow-ups');
        return queue?.jobs[0]?.attempts === 2 ? true : undefined;
      },
      'the retried job to fail again',
      15_000,
    );
    // Written once the response has gone out.
    const rows = await eventually(async () => {
      const { rows } = await env.db.query(`SELECT actor_user_id, actor_role, entity_type, data FROM audit_log WHERE action = 'jobs.dashboard_action'`);
      return rows.length ? rows : undefined;
    }, 'the audit entry');
    expect(rows).toEqual([{ actor_user_id: adminUserId, actor_role: 'admin', entity_type: 'job_queue', data: { method: 'PUT', path: '/api/admin/jobs/api/queues/follow-ups/broken-job/retry' } }]);
  });

  it('leaves the OpenAPI document building, with the session route and without the board’s own routes', async () => {
    const { status, body } = await api.request<{ paths: Record<string, Record<string, unknown>> }>('GET', '/api/docs-json');
    expect(status).toBe(200);
    expect(Object.keys(body.paths['/api/admin/jobs/session']!)).toEqual(['post']);
    expect(Object.keys(body.paths).filter((path) => path.startsWith('/api/admin/jobs'))).toEqual(['/api/admin/jobs/session']);
  });
});
