import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CallView, JobPayloads, SmsOutboxList } from '@fc/contracts';
import { FeedbackInvitationSender } from '@fc/feedback';
import type { INestApplicationContext } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { ApiClient } from './support/api-client.js';
import { agentsFor, signIn, workCall, type SignedInAgent } from './support/agents.js';
import { TestEnvironment } from './support/test-environment.js';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];
const AXE = join(process.cwd(), 'node_modules/axe-core/axe.min.js');
const TOKEN_IN_TEXT = /\/feedback\/([A-Za-z0-9_-]{43}) /;

interface HttpAnswer {
  status: number;
  headers: Headers;
  // An answer of any shape: the assertions are what check it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
}

/** A request as a citizen's browser or a script would send it, with headers of our choosing (e.g. the client's address behind the proxy). */
async function http(base: string, method: string, path: string, options: { json?: unknown; raw?: string; headers?: Record<string, string>; token?: string } = {}): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.json !== undefined || options.raw !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${base}${path}`, { method, headers, body: options.raw ?? (options.json === undefined ? undefined : JSON.stringify(options.json)) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // a page, not JSON
  }
  return { status: response.status, headers: response.headers, body, text };
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
/** A token of the right shape that was never handed out. */
const unknownToken = () => randomBytes(32).toString('base64url');

describe('citizen feedback: a single-use link by text message, a small page, one answer', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  /** Two api processes held to 5 feedback requests a minute, sharing their counts through Redis. */
  let limited: [ApiClient, ApiClient];
  /** Held to 5 a minute too, trusting no proxy. */
  let direct: ApiClient;
  let worker: INestApplicationContext;
  let agent: SignedInAgent;
  let supervisor: string;
  let admin: { token: string; userId: string };
  let browser: Browser;
  let sequence = 0;

  beforeAll(async () => {
    // The main api has a high limit so this file's many requests are not throttled; QUALITY_SAMPLE_RATE=0 keeps random reviews out.
    env = await TestEnvironment.create({ FEEDBACK_RATE_LIMIT_PER_MIN: '1000', QUALITY_SAMPLE_RATE: '0', OFFER_TIMEOUT_SEC: '30' });
    ({ api } = await env.startApi());
    // They stand behind a proxy on loopback: its X-Forwarded-For says who the citizen is.
    limited = [
      (await env.startApi({ FEEDBACK_RATE_LIMIT_PER_MIN: '5', TRUSTED_PROXIES: '127.0.0.1' })).api,
      (await env.startApi({ FEEDBACK_RATE_LIMIT_PER_MIN: '5', TRUSTED_PROXIES: '127.0.0.1' })).api,
    ];
    // And one that trusts no proxy (the default): a client's own X-Forwarded-For counts for nothing.
    ({ api: direct } = await env.startApi({ FEEDBACK_RATE_LIMIT_PER_MIN: '5' }));
    // Links in the texts point at the api under test.
    worker = await env.startWorker({ PUBLIC_BASE_URL: api.baseUrl });
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    agent = await signIn(api, (await agentsFor(env, 'passport'))[0]!);
    expect((await api.setState(agent.token, 'available')).status).toBe(200);
    supervisor = (await api.login('super01')).accessToken;
    const login = await api.login('admin');
    admin = { token: login.accessToken, userId: login.user.id };
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await env.close();
  });

  /** A call through to its outcome, as the telephony platform and the agent would do it; returns its id once its jobs are done. */
  const completeCall = async (callerNumber?: string): Promise<string> => {
    const arrival = await api.telephony('/calls', { externalId: `fb-${Date.now()}-${++sequence}`, topicKey: 'passport', language: 'nb', ...(callerNumber ? { callerNumber } : {}) });
    expect(arrival.status).toBe(201);
    const callId = arrival.body.callId;
    await workCall(api, agent, callId);
    await env.outboxDrained();
    return callId;
  };
  const textsTo = async (callId: string) => (await env.db.query(`SELECT to_e164, purpose, body FROM sms_outbox WHERE call_id = $1`, [callId])).rows;
  /** The token from the one text sent about the call. */
  const tokenOf = async (callId: string): Promise<string> => {
    const texts = await textsTo(callId);
    expect(texts).toHaveLength(1);
    return TOKEN_IN_TEXT.exec(texts[0].body)![1]!;
  };
  const feedbackRow = async (callId: string) => (await env.db.query(`SELECT score, comment, used_at FROM feedback WHERE call_id = $1`, [callId])).rows[0];
  const journey = async (callId: string) => {
    const response = await api.getCall(supervisor, callId);
    expect(response.status).toBe(200);
    return (response.body as CallView).events!;
  };
  const submit = (token: string, json: unknown, base = api.baseUrl, headers?: Record<string, string>) => http(base, 'POST', `/api/feedback/${token}`, { json, headers });
  const openPage = (token: string, query = '', base = api.baseUrl, headers?: Record<string, string>) => http(base, 'GET', `/feedback/${token}${query}`, { headers });

  describe('the invitation', () => {
    let callId: string;

    it('goes once to the caller of a completed call with a known number: one text, one link, the job done', async () => {
      callId = await completeCall('+4791234567');
      const texts = await textsTo(callId);
      expect(texts).toHaveLength(1);
      const token = await tokenOf(callId);
      expect(texts[0]).toEqual({
        to_e164: '+4791234567',
        purpose: 'feedback_invitation',
        body: `Hei! Takk for at du ringte Politiet på 02800. Hvor fornøyd var du med hjelpen? Svar her: ${api.baseUrl}/feedback/${token} Lenken kan brukes én gang og gjelder i 72 timer. Hilsen Politiet 02800`,
      });
      const { rows } = await env.db.query(`SELECT f.token_hash, f.expires_at, f.used_at, f.score, c.completed_at FROM feedback f JOIN calls c ON c.id = f.call_id WHERE f.call_id = $1`, [callId]);
      expect(rows).toHaveLength(1);
      // Only the hash is kept; the link lives 72 hours from the call's completion.
      expect(rows[0].token_hash).toBe(sha256(token));
      expect(rows[0].expires_at.getTime() - rows[0].completed_at.getTime()).toBe(72 * 3_600_000);
      expect([rows[0].used_at, rows[0].score]).toEqual([null, null]);
      const { rows: jobs } = await env.db.query(`SELECT job_id, done_at FROM job_outbox WHERE name = 'send-feedback-invitation' AND payload->>'callId' = $1`, [callId]);
      expect(jobs).toHaveLength(1);
      expect(jobs[0].job_id).toBe(`${callId}-feedback-invitation`);
      expect(jobs[0].done_at).not.toBeNull();
    });

    it('is not sent again when its job runs again, one after the other or side by side', async () => {
      const sender = worker.get(FeedbackInvitationSender);
      const jobId = `${callId}-feedback-invitation`;
      const { rows } = await env.db.query<{ payload: JobPayloads['send-feedback-invitation'] }>(`SELECT payload FROM job_outbox WHERE job_id = $1`, [jobId]);
      const payload = rows[0]!.payload;
      const hashBefore = (await env.db.query(`SELECT token_hash FROM feedback WHERE call_id = $1`, [callId])).rows[0].token_hash;

      await expect(sender.send(payload, jobId)).resolves.toBe('already_sent');
      await expect(Promise.all([sender.send(payload, jobId), sender.send(payload, jobId)])).resolves.toEqual(['already_sent', 'already_sent']);
      expect(await textsTo(callId)).toHaveLength(1);
      const { rows: links } = await env.db.query(`SELECT token_hash FROM feedback WHERE call_id = $1`, [callId]);
      expect(links).toEqual([{ token_hash: hashBefore }]);

      // With the link gone (as if the first run never committed), two runs at once send exactly one text.
      await env.db.query(`DELETE FROM sms_outbox WHERE call_id = $1`, [callId]);
      await env.db.query(`DELETE FROM feedback WHERE call_id = $1`, [callId]);
      const results = await Promise.all([sender.send(payload, jobId), sender.send(payload, jobId)]);
      expect(results.sort()).toEqual(['already_sent', 'sent']);
      expect(await textsTo(callId)).toHaveLength(1);
      expect((await env.db.query(`SELECT count(*)::int AS n FROM feedback WHERE call_id = $1`, [callId])).rows[0].n).toBe(1);
    });

    it('is not sent for a call whose number was withheld', async () => {
      const callId = await completeCall();
      const { rows } = await env.db.query(
        `SELECT (SELECT count(*)::int FROM job_outbox WHERE name = 'send-feedback-invitation' AND payload->>'callId' = $1) AS jobs,
                (SELECT count(*)::int FROM sms_outbox WHERE call_id::text = $1) AS texts,
                (SELECT count(*)::int FROM feedback WHERE call_id::text = $1) AS links`,
        [callId],
      );
      expect(rows[0]).toEqual({ jobs: 0, texts: 0, links: 0 });
    });
  });

  describe('the page', () => {
    let token: string;
    beforeAll(async () => {
      token = await tokenOf(await completeCall('+4791234568'));
    });

    it('serves an open link its form in Norwegian, with a policy that forbids inline script, and nothing about the call', async () => {
      const page = await openPage(token);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const csp = page.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.text).toContain('<html lang="nb">');
      expect(page.text).toContain('<h1>Hvordan opplevde du samtalen med politiet?</h1>');
      expect(page.text).toContain('<form id="feedback-form"');
      expect(page.text).not.toMatch(/91234568|passport|agent\d\d/);
    });

    it('is in English with ?lang=en', async () => {
      const page = await openPage(token, '?lang=en');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-language')).toBe('en');
      expect(page.text).toContain('<html lang="en">');
      expect(page.text).toContain('<h1>How was your call with the police?</h1>');
      expect(page.text).toContain('<label for="score-5">5 – Very satisfied</label>');
    });

    it('is in the OpenAPI document with the API and the admin outbox', async () => {
      const { body } = await api.request<{ paths: Record<string, unknown> }>('GET', '/api/docs-json');
      expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/feedback/{token}', '/api/feedback/{token}', '/api/admin/sms-outbox']));
    });

    it('serves its script and stylesheet from their own routes', async () => {
      const script = await http(api.baseUrl, 'GET', '/feedback/assets/feedback.js');
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(script.text).toContain("fetch(form.getAttribute('data-api')");
      const css = await http(api.baseUrl, 'GET', '/feedback/assets/feedback.css');
      expect(css.status).toBe(200);
      expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    });

    it.each([
      { case: 'a malformed link', status: 400, lang: '', title: 'Lenken er ikke gyldig' },
      { case: 'a malformed link', status: 400, lang: '?lang=en', title: 'This link is not valid' },
      { case: 'an unknown link', status: 404, lang: '', title: 'Vi finner ikke denne lenken' },
      { case: 'an unknown link', status: 404, lang: '?lang=en', title: 'We cannot find this link' },
    ])('answers $case with $status and a page without a form ($lang)', async ({ status, lang, title }) => {
      const page = await openPage(status === 400 ? 'abc-not-a-token' : unknownToken(), lang);
      expect(page.status).toBe(status);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.text).toContain(`<h1>${title}</h1>`);
      expect(page.text).not.toContain('<form');
    });
  });

  describe('the answer', () => {
    it('is taken once (201), then the link answers 409; the journey gets the score and never the comment', async () => {
      const callId = await completeCall('+4791234569');
      const token = await tokenOf(callId);
      const taken = await submit(token, { score: 3, comment: 'Rask og hyggelig hjelp.' });
      expect(taken.status).toBe(201);
      // With the call's topic, for the link to its public page (decision 0042).
      expect(taken.body).toEqual({ received: true, topic: { key: 'passport', nameNb: 'Pass og ID-kort', nameEn: 'Passport and ID card' } });
      const row = await feedbackRow(callId);
      expect([row.score, row.comment]).toEqual([3, 'Rask og hyggelig hjelp.']);
      expect(row.used_at).not.toBeNull();

      const before = await env.fingerprint();
      const again = await submit(token, { score: 5 });
      expect(again.status).toBe(409);
      expect(again.body).toEqual({ statusCode: 409, error: 'Conflict', message: 'This feedback link has already been used' });
      const page = await openPage(token);
      expect(page.status).toBe(409);
      expect(page.text).toContain('<h1>Du har allerede svart</h1>');
      expect(await env.fingerprint()).toEqual(before);

      const events = await journey(callId);
      const received = events.filter((e) => e.type === 'feedback_received');
      expect(received).toHaveLength(1);
      expect(received[0]!.data).toEqual({ score: 3, hasComment: true });
      expect(JSON.stringify(events)).not.toContain('Rask og hyggelig');
      // 3 is not low: no review.
      await env.outboxDrained();
      expect((await env.db.query(`SELECT count(*)::int AS n FROM follow_ups WHERE call_id = $1`, [callId])).rows[0].n).toBe(0);
    });

    it('is taken once when two arrive at the same moment', async () => {
      const callId = await completeCall('+4791234571');
      const token = await tokenOf(callId);
      const answers = await Promise.all([submit(token, { score: 4 }), submit(token, { score: 5 })]);
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      expect((await journey(callId)).filter((e) => e.type === 'feedback_received')).toHaveLength(1);
    });

    it('of 2 or lower makes the call one that went wrong: a quality review for low feedback', async () => {
      const callId = await completeCall('+4791234572');
      expect((await submit(await tokenOf(callId), { score: 2 })).status).toBe(201);
      await env.outboxDrained();
      const { rows: followUps } = await env.db.query(`SELECT kind, cause, status FROM follow_ups WHERE call_id = $1`, [callId]);
      expect(followUps).toEqual([{ kind: 'quality_review', cause: 'low_feedback', status: 'open' }]);
      const { rows: reviews } = await env.db.query(`SELECT causes FROM reviews WHERE call_id = $1`, [callId]);
      expect(reviews).toHaveLength(1);
      expect(reviews[0].causes).toContain('low_feedback');
      const events = await journey(callId);
      expect(events.filter((e) => e.type === 'feedback_received').map((e) => e.data)).toEqual([{ score: 2, hasComment: false }]);
      expect(events.filter((e) => e.type === 'follow_up_created').map((e) => e.data)).toEqual([expect.objectContaining({ kind: 'quality_review', cause: 'low_feedback' })]);
    });

    describe('refused, with nothing stored', () => {
      let callId: string;
      let token: string;
      let expiredToken: string;
      beforeAll(async () => {
        callId = await completeCall('+4791234573');
        token = await tokenOf(callId);
        const expiredCall = await completeCall('+4791234574');
        expiredToken = await tokenOf(expiredCall);
        await env.db.query(`UPDATE feedback SET expires_at = now() - interval '1 minute' WHERE call_id = $1`, [expiredCall]);
      });

      it.each([
        { case: 'score 0', body: { score: 0 } },
        { case: 'score 6', body: { score: 6 } },
        { case: 'score 2.5', body: { score: 2.5 } },
        { case: 'score "x"', body: { score: 'x' } },
        { case: 'score "3" (text, not a number)', body: { score: '3' } },
        { case: 'score null', body: { score: null } },
        { case: 'no score', body: { comment: 'Hei' } },
        { case: 'an empty body', body: {} },
        { case: 'a comment of 1001 characters', body: { score: 4, comment: 'x'.repeat(1001) } },
        { case: 'a comment that is not text', body: { score: 4, comment: 42 } },
        { case: 'an unknown field', body: { score: 4, rating: 5 } },
      ])('$case: 400', async ({ body }) => {
        const before = await env.fingerprint();
        const answer = await submit(token, body);
        expect(answer.status).toBe(400);
        expect(answer.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
        expect(await env.fingerprint()).toEqual(before);
      });

      it('broken JSON: 400', async () => {
        const before = await env.fingerprint();
        const answer = await http(api.baseUrl, 'POST', `/api/feedback/${token}`, { raw: '{"score": 4' });
        expect(answer.status).toBe(400);
        expect(await env.fingerprint()).toEqual(before);
      });

      it.each([
        { case: 'a malformed link (too short)', link: () => 'abc', status: 400, error: 'Bad Request', message: 'This is not a feedback link: check that the whole link was copied' },
        { case: 'a malformed link (one character too many)', link: () => `${token}x`, status: 400, error: 'Bad Request', message: 'This is not a feedback link: check that the whole link was copied' },
        {
          case: 'a malformed link (not base64url)',
          link: () => `${token.slice(0, 42)}.`,
          status: 400,
          error: 'Bad Request',
          message: 'This is not a feedback link: check that the whole link was copied',
        },
        { case: 'an unknown link', link: () => unknownToken(), status: 404, error: 'Not Found', message: 'No such feedback link' },
        { case: 'an expired link', link: () => expiredToken, status: 410, error: 'Gone', message: 'This feedback link has expired' },
      ])('$case: $status', async ({ link, status, error, message }) => {
        const before = await env.fingerprint();
        const answer = await submit(link(), { score: 4, comment: 'Fin hjelp' });
        expect(answer.status).toBe(status);
        expect(answer.body).toEqual({ statusCode: status, error, message });
        expect(await env.fingerprint()).toEqual(before);
      });

      it('an expired link has a page that says so, in either language', async () => {
        const nb = await openPage(expiredToken);
        expect(nb.status).toBe(410);
        expect(nb.text).toContain('<h1>Lenken har utløpt</h1>');
        expect(nb.text).not.toContain('<form');
        const en = await openPage(expiredToken, '?lang=en');
        expect(en.status).toBe(410);
        expect(en.text).toContain('<h1>This link has expired</h1>');
      });

      it('and after all that the link still takes its one answer', async () => {
        expect((await submit(token, { score: 5 })).status).toBe(201);
        expect((await feedbackRow(callId)).score).toBe(5);
      });
    });
  });

  describe('rate limits (5 a minute here), shared by api processes through Redis', () => {
    it('refuse the 6th request from one address with 429 and store nothing; another address is not held back', async () => {
      const callId = await completeCall('+4791234575');
      const token = await tokenOf(callId);
      const from = { 'x-forwarded-for': '203.0.113.7' };
      // Five requests from one address, alternating between the two api processes.
      for (let i = 0; i < 5; i++) expect((await openPage(unknownToken(), '', limited[i % 2]!.baseUrl, from)).status).toBe(404);

      const before = await env.fingerprint();
      const refused = await submit(token, { score: 4 }, limited[1].baseUrl, from);
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: 'Too many feedback requests: wait a minute and try again' });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      const page = await openPage(token, '', limited[0].baseUrl, from);
      expect(page.status).toBe(429);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.text).toContain('<h1>For mange forsøk</h1>');
      expect(await env.fingerprint()).toEqual(before);
      expect((await feedbackRow(callId)).used_at).toBeNull();

      expect((await submit(token, { score: 4 }, limited[0].baseUrl, { 'x-forwarded-for': '203.0.113.8' })).status).toBe(201);
    });

    it('refuse the 6th answer for one link, whatever the address, and store nothing', async () => {
      const callId = await completeCall('+4791234576');
      const token = await tokenOf(callId);
      for (let i = 1; i <= 5; i++) expect((await submit(token, { score: 9 }, limited[i % 2]!.baseUrl, { 'x-forwarded-for': `198.51.100.${i}` })).status).toBe(400);
      const before = await env.fingerprint();
      const refused = await submit(token, { score: 1 }, limited[0].baseUrl, { 'x-forwarded-for': '198.51.100.6' });
      expect(refused.status).toBe(429);
      expect(await env.fingerprint()).toEqual(before);
      expect((await feedbackRow(callId)).used_at).toBeNull();
    });

    it("do not let views of a link spend its citizen's answers: 25 views from anywhere, then the answer is taken", async () => {
      const callId = await completeCall('+4791234577');
      const token = await tokenOf(callId);
      for (let i = 1; i <= 25; i++) expect((await openPage(token, '', limited[i % 2]!.baseUrl, { 'x-forwarded-for': `198.51.100.${100 + i}` })).status).toBe(200);
      const answer = await submit(token, { score: 5 }, limited[0].baseUrl, { 'x-forwarded-for': '198.51.100.200' });
      expect(answer.status).toBe(201);
      expect((await feedbackRow(callId)).score).toBe(5);
    });

    it('views are held per address: the 6th from one address is refused', async () => {
      const callId = await completeCall('+4791234578');
      const token = await tokenOf(callId);
      const from = { 'x-forwarded-for': '203.0.113.50' };
      for (let i = 0; i < 5; i++) expect((await openPage(token, '', limited[i % 2]!.baseUrl, from)).status).toBe(200);
      expect((await openPage(token, '', limited[0].baseUrl, from)).status).toBe(429);
    });

    it('trust X-Forwarded-For only from the configured proxies: by default a client rotating it is still one address', async () => {
      // Every request to `direct` counts against its loopback connection, whatever it claims; the 6th at the latest is refused.
      const statuses: number[] = [];
      for (let i = 1; i <= 6; i++) statuses.push((await openPage(unknownToken(), '', direct.baseUrl, { 'x-forwarded-for': `192.0.2.${100 + i}` })).status);
      expect(statuses.at(-1)).toBe(429);
      // Behind the trusted proxy the same rotation is six citizens, none held back.
      for (let i = 1; i <= 6; i++) expect((await openPage(unknownToken(), '', limited[i % 2]!.baseUrl, { 'x-forwarded-for': `192.0.2.${200 + i}` })).status).toBe(404);
    });

    it('do not apply to other routes', async () => {
      const from = { 'x-forwarded-for': '192.0.2.9' };
      for (let i = 0; i < 7; i++) expect((await http(limited[0].baseUrl, 'GET', '/api/agents/me', { token: agent.token, headers: from })).status).toBe(200);
    });
  });

  describe('the SMS outbox, for administrators', () => {
    const audited = async () => (await env.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'sms_outbox.list' AND actor_user_id = $1`, [admin.userId])).rows[0].n as number;

    it('lists the texts newest first, and audits the read', async () => {
      const auditedBefore = await audited();
      const { rows } = await env.db.query(`SELECT id, call_id FROM sms_outbox ORDER BY created_at DESC, id DESC`);
      const list = await http(api.baseUrl, 'GET', '/api/admin/sms-outbox?limit=3', { token: admin.token });
      expect(list.status).toBe(200);
      const body = list.body as SmsOutboxList;
      expect(body.total).toBe(rows.length);
      expect(body.items.map((item) => item.id)).toEqual(rows.slice(0, 3).map((row) => row.id));
      expect(body.items[0]).toEqual({
        id: rows[0].id,
        callId: rows[0].call_id,
        purpose: 'feedback_invitation',
        toE164: expect.stringMatching(/^\+47912345\d\d$/),
        body: expect.stringContaining(`${api.baseUrl}/feedback/`),
        createdAt: expect.stringMatching(/Z$/),
        purgedAt: null,
      });
      const second = await http(api.baseUrl, 'GET', `/api/admin/sms-outbox?limit=3&offset=1`, { token: admin.token });
      expect((second.body as SmsOutboxList).items[0]!.id).toBe(rows[1].id);
      const ofCall = await http(api.baseUrl, 'GET', `/api/admin/sms-outbox?callId=${rows[2].call_id}`, { token: admin.token });
      expect((ofCall.body as SmsOutboxList).items.map((item) => item.callId)).toEqual([rows[2].call_id]);
      expect(await audited()).toBe(auditedBefore + 3);
    });

    it.each([
      { case: 'a supervisor', query: '', as: 'supervisor', status: 403 },
      { case: 'nobody signed in', query: '', as: 'nobody', status: 401 },
      { case: 'limit=0', query: '?limit=0', as: 'admin', status: 400 },
      { case: 'limit=abc', query: '?limit=abc', as: 'admin', status: 400 },
      { case: 'limit=201', query: '?limit=201', as: 'admin', status: 400 },
      { case: 'offset=-1', query: '?offset=-1', as: 'admin', status: 400 },
      { case: 'callId=nope', query: '?callId=nope', as: 'admin', status: 400 },
      { case: 'an unknown parameter', query: '?purpose=x', as: 'admin', status: 400 },
    ])('refuses $case with $status and changes nothing', async ({ query, as, status }) => {
      const before = await env.fingerprint();
      const token = as === 'admin' ? admin.token : as === 'supervisor' ? supervisor : undefined;
      const answer = await http(api.baseUrl, 'GET', `/api/admin/sms-outbox${query}`, { token });
      expect(answer.status).toBe(status);
      expect(answer.body).toMatchObject({ statusCode: status });
      expect(await env.fingerprint()).toEqual(before);
    });
  });

  describe('in headless Chromium, as a citizen uses it', () => {
    /** Console errors and failed page scripts (a blocked script or a CSP violation shows up here). */
    const watch = (page: Page) => {
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      return problems;
    };
    const statusText = (page: Page) => page.locator('#feedback-status').textContent();
    // Browser-side expressions are strings: this project's TypeScript has no DOM types.
    const focused = (page: Page) => page.evaluate<{ id: string; tag: string }>(`({ id: document.activeElement?.id ?? '', tag: document.activeElement?.tagName ?? '' })`);
    // A locator, not waitForFunction: the page's policy rightly refuses the eval that a string predicate needs.
    const statusSays = (page: Page, text: string) => page.locator('#feedback-status', { hasText: text }).waitFor();

    it('opens the link from the text, answers by keyboard alone, sees the thanks; a reload says it was answered', async () => {
      const callId = await completeCall('+4791234577');
      const link = TOKEN_IN_TEXT.exec((await textsTo(callId))[0].body)!;
      const url = `${api.baseUrl}/feedback/${link[1]}`;
      const page = await browser.newPage();
      const problems = watch(page);

      const opened = await page.goto(url);
      expect(opened!.status()).toBe(200);
      expect(await page.getAttribute('html', 'lang')).toBe('nb');
      expect(await page.textContent('h1')).toBe('Hvordan opplevde du samtalen med politiet?');

      // Tab to the scores (past the language link), then arrow keys to 4.
      for (let i = 0; i < 5 && !(await focused(page)).id.startsWith('score-'); i++) await page.keyboard.press('Tab');
      expect(await focused(page)).toEqual({ id: 'score-1', tag: 'INPUT' });
      // Keyboard focus is visible: a 3 px outline.
      expect(await page.evaluate(`getComputedStyle(document.activeElement).outlineWidth`)).toBe('3px');
      await page.keyboard.press('Space');
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
      expect(await page.isChecked('#score-4')).toBe(true);
      expect(await page.isChecked('#score-1')).toBe(false);

      await page.keyboard.press('Tab');
      expect(await focused(page)).toEqual({ id: 'comment', tag: 'TEXTAREA' });
      await page.keyboard.type('Svært god hjelp, takk!');
      await page.keyboard.press('Tab');
      expect((await focused(page)).tag).toBe('BUTTON');
      await page.keyboard.press('Enter');

      await statusSays(page, 'Takk');
      expect(await statusText(page)).toBe('Takk for tilbakemeldingen! Svaret ditt er registrert.');
      expect(await page.getAttribute('#feedback-status', 'role')).toBe('status');
      expect(await page.isDisabled('#score-4')).toBe(true);
      const row = await feedbackRow(callId);
      expect([row.score, row.comment]).toEqual([4, 'Svært god hjelp, takk!']);
      expect(problems).toEqual([]);

      const reloaded = await page.reload();
      expect(reloaded!.status()).toBe(409);
      expect(await page.textContent('h1')).toBe('Du har allerede svart');
      expect(await page.locator('form').count()).toBe(0);
      await page.goto(`${url}?lang=en`);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await page.textContent('h1')).toBe('You have already answered');
      await page.close();
    });

    it('in English: asks for a score before sending anything, through the live region', async () => {
      const callId = await completeCall('+4791234578');
      const page = await browser.newPage();
      const problems = watch(page);
      await page.goto(`${api.baseUrl}/feedback/${await tokenOf(callId)}?lang=en`);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await page.textContent('h1')).toBe('How was your call with the police?');
      expect(await page.textContent('legend')).toBe('How satisfied are you with the help you got?');
      expect(await page.textContent('label[for="score-1"]')).toBe('1 – Very dissatisfied');

      const before = await env.fingerprint();
      await page.getByRole('button', { name: 'Send feedback' }).click();
      await statusSays(page, 'Choose');
      expect(await statusText(page)).toBe('Choose a score from 1 to 5 before you send.');
      expect((await focused(page)).id).toBe('score-1');
      expect(await env.fingerprint()).toEqual(before);

      await page.getByLabel('5 – Very satisfied').check();
      await page.getByRole('button', { name: 'Send feedback' }).click();
      await statusSays(page, 'Thank you');
      expect(await statusText(page)).toBe('Thank you for your feedback! Your answer has been recorded.');
      expect((await feedbackRow(callId)).score).toBe(5);
      expect(problems).toEqual([]);
      await page.close();
    });

    it('works without JavaScript: the form posts to the page and a page answers', async () => {
      const callId = await completeCall('+4791234579');
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${api.baseUrl}/feedback/${await tokenOf(callId)}`);
      await page.getByLabel('1 – Svært misfornøyd').check();
      await page.getByLabel('Kommentar (valgfritt)').fill('Ventet lenge.\nFikk ikke svar.');
      const [answer] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Send tilbakemelding' }).click()]);
      expect(answer!.status()).toBe(200);
      expect(await page.textContent('h1')).toBe('Takk for tilbakemeldingen!');
      const row = await feedbackRow(callId);
      expect([row.score, row.comment]).toEqual([1, 'Ventet lenge.\nFikk ikke svar.']);
      await context.close();
    });

    it('has no serious or critical accessibility violations (axe-core, WCAG 2.1 A and AA)', async () => {
      const open = await tokenOf(await completeCall('+4791234580'));
      // axe is injected as a script, which the page's own policy would rightly refuse.
      const context = await browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      const violations: Record<string, unknown[]> = {};
      for (const path of [`/feedback/${open}`, `/feedback/${open}?lang=en`, `/feedback/${unknownToken()}`]) {
        await page.goto(`${api.baseUrl}${path}`);
        await page.addScriptTag({ path: AXE });
        const found = (await page.evaluate(
          `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
             .then((r) => r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id))`,
        )) as string[];
        violations[path.replace(open, ':token')] = found;
      }
      expect(Object.values(violations).flat()).toEqual([]);
      // axe did run: it finds a page with an unlabelled field.
      await page.setContent('<html lang="en"><head><title>t</title></head><body><main><h1>x</h1><input type="text"></main></body></html>');
      await page.addScriptTag({ path: AXE });
      expect(await page.evaluate(`axe.run(document).then((r) => r.violations.map((v) => v.id))`)).toContain('label');
      await context.close();
    });
  });
});
