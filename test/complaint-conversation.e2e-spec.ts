import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FollowUpView, JobPayloads } from '@fc/contracts';
import { LeaderInvitationSender } from '@fc/feedback';
import { RetentionService } from '@fc/retention';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ApiClient } from './support/api-client.js';
import { signIn, workCall, type SignedInAgent } from './support/agents.js';
import { accessibilityViolations, launchChromium, SCREENSHOTS, signInAt } from './support/browser.js';
import { TestEnvironment } from './support/test-environment.js';

const TOKEN_IN_TEXT = /\/conversation\/([A-Za-z0-9_-]{43})[ ?]/;
const DAY_MS = 24 * 3600 * 1000;

interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** A request as a citizen's browser sends it: the page, or its form url-encoded. */
async function http(base: string, method: string, path: string, options: { form?: [string, string][]; headers?: Record<string, string> } = {}): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.form) headers['content-type'] = 'application/x-www-form-urlencoded';
  const response = await fetch(`${base}${path}`, { method, headers, body: options.form ? new URLSearchParams(options.form).toString() : undefined, redirect: 'manual' });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
/** A token of the right shape that was never handed out. */
const unknownToken = () => randomBytes(32).toString('base64url');
/** The date, in Oslo, `days` days from now moved on to a weekday. */
const weekdayIn = (days: number): string => {
  const at = new Date(Date.now() + days * DAY_MS);
  while ([0, 6].includes(new Date(`${osloDate(at)}T12:00:00Z`).getUTCDay())) at.setTime(at.getTime() + DAY_MS);
  return osloDate(at);
};
const osloDate = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
/** The next Saturday's date in Oslo. */
const saturday = (): string => {
  const at = new Date(Date.now() + 2 * DAY_MS);
  while (new Date(`${osloDate(at)}T12:00:00Z`).getUTCDay() !== 6) at.setTime(at.getTime() + DAY_MS);
  return osloDate(at);
};

describe('the complaint conversation: a complainant is invited by text to talk with a police leader, and answers on a small page', () => {
  let env: TestEnvironment;
  /** The api and the worker as production runs them, their logs captured. */
  let api: ApiClient;
  let log = '';
  /** Two api processes held to 5 requests a minute, sharing their counts through Redis. */
  let limited: [ApiClient, ApiClient];
  let agent: SignedInAgent;
  let supervisor: string;
  let sequence = 0;
  const numbers: string[] = [];

  beforeAll(async () => {
    env = await TestEnvironment.create({ FEEDBACK_RATE_LIMIT_PER_MIN: '1000', QUALITY_SAMPLE_RATE: '0', OFFER_TIMEOUT_SEC: '30' });
    ({ api } = await env.spawnApi({ LOG_LEVEL: 'info' }, { output: (text) => (log += text) }));
    // Links in the texts point at the api under test.
    await env.spawnWorker({ PUBLIC_BASE_URL: api.baseUrl }, { output: (text) => (log += text) });
    limited = [
      (await env.startApi({ FEEDBACK_RATE_LIMIT_PER_MIN: '5', TRUSTED_PROXIES: '127.0.0.1' })).api,
      (await env.startApi({ FEEDBACK_RATE_LIMIT_PER_MIN: '5', TRUSTED_PROXIES: '127.0.0.1' })).api,
    ];
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    // One agent who takes passport calls in Norwegian and in English.
    const { rows } = await env.db.query<{ username: string }>(
      `SELECT u.username FROM agents a JOIN users u ON u.id = a.user_id
        WHERE EXISTS (SELECT 1 FROM agent_skills s JOIN skills k ON k.id = s.skill_id WHERE s.agent_id = a.id AND k.key = 'passport')
          AND EXISTS (SELECT 1 FROM agent_skills s JOIN skills k ON k.id = s.skill_id WHERE s.agent_id = a.id AND k.key = 'lang:nb')
          AND EXISTS (SELECT 1 FROM agent_skills s JOIN skills k ON k.id = s.skill_id WHERE s.agent_id = a.id AND k.key = 'lang:en')
        ORDER BY u.username LIMIT 1`,
    );
    agent = await signIn(api, rows[0]!.username);
    expect((await api.setState(agent.token, 'available')).status).toBe(200);
    supervisor = (await api.login('super01')).accessToken;
  });
  afterAll(async () => {
    await env?.close();
  });

  /** A call completed with the outcome `complaint`, its follow-ups created and its texts sent. */
  const complaint = async (options: { number?: string; language?: string } = {}): Promise<string> => {
    if (options.number) numbers.push(options.number);
    const arrival = await api.telephony('/calls', {
      externalId: `cc-${Date.now()}-${++sequence}`,
      topicKey: 'passport',
      language: options.language ?? 'nb',
      ...(options.number ? { callerNumber: options.number } : {}),
    });
    expect(arrival.status).toBe(201);
    const callId = arrival.body.callId as string;
    await workCall(api, agent, callId, { outcome: 'complaint', expectationAligned: false });
    await env.outboxDrained();
    return callId;
  };
  const invitationTexts = async (callId: string) =>
    (await env.db.query(`SELECT to_e164, body FROM sms_outbox WHERE call_id = $1 AND purpose = 'leader_invitation'`, [callId])).rows as { to_e164: string; body: string }[];
  const tokenOf = async (callId: string): Promise<string> => {
    const texts = await invitationTexts(callId);
    expect(texts).toHaveLength(1);
    return TOKEN_IN_TEXT.exec(texts[0]!.body)![1]!;
  };
  const leaderFollowUp = async (callId: string) =>
    (await env.db.query(`SELECT id, status, result, due_at, done_at FROM follow_ups WHERE call_id = $1 AND kind = 'leader_conversation'`, [callId])).rows[0] as {
      id: string;
      status: string;
      result: string | null;
      due_at: Date;
      done_at: Date | null;
    };
  const invitation = async (callId: string) =>
    (await env.db.query(`SELECT token_hash, expires_at, answered_at, answer, suggested_time, message, created_at FROM leader_invitations WHERE call_id = $1`, [callId])).rows;
  const followUpView = async (followUpId: string): Promise<FollowUpView> => {
    const response = await api.request<FollowUpView>('GET', `/api/follow-ups/${followUpId}`, undefined, { token: supervisor });
    expect(response.status).toBe(200);
    return response.body;
  };
  const openPage = (token: string, query = '', base = api.baseUrl, headers?: Record<string, string>) => http(base, 'GET', `/conversation/${token}${query}`, { headers });
  const answer = (token: string, form: [string, string][], base = api.baseUrl, headers?: Record<string, string>) => http(base, 'POST', `/conversation/${token}`, { form, headers });

  describe('the invitation', () => {
    let callId: string;

    it('goes once, by text, to a complainant with a known number: a link to /conversation/<token>, kept as its hash, open 14 days', async () => {
      callId = await complaint({ number: '+4791234601' });
      const texts = await invitationTexts(callId);
      expect(texts).toHaveLength(1);
      const token = await tokenOf(callId);
      expect(texts[0]).toEqual({
        to_e164: '+4791234601',
        body:
          'Hei! Du ringte Politiet på 02800 og var ikke fornøyd. En leder i politiet vil gjerne snakke med deg om opplevelsen din. ' +
          `Svar her: ${api.baseUrl}/conversation/${token} Lenken kan brukes én gang og gjelder i 14 dager. Hilsen Politiet 02800`,
      });
      const rows = await invitation(callId);
      expect(rows).toHaveLength(1);
      expect(rows[0].token_hash).toBe(sha256(token));
      const { rows: calls } = await env.db.query(`SELECT completed_at FROM calls WHERE id = $1`, [callId]);
      expect(rows[0].expires_at.getTime() - calls[0].completed_at.getTime()).toBe(14 * DAY_MS);
      expect([rows[0].answered_at, rows[0].answer, rows[0].message]).toEqual([null, null, null]);
      const followUp = await leaderFollowUp(callId);
      const { rows: jobs } = await env.db.query(`SELECT job_id, done_at FROM job_outbox WHERE name = 'send-leader-invitation'  AND payload->>'followUpId' = $1`, [followUp.id]);
      expect(jobs).toEqual([{ job_id: `${followUp.id}-leader-invitation`, done_at: expect.any(Date) }]);
      // The feedback invitation goes too, as for every completed call with a number: two texts in all.
      const { rows: all } = await env.db.query(`SELECT purpose FROM sms_outbox WHERE call_id = $1 ORDER BY purpose`, [callId]);
      expect(all.map((row) => row.purpose)).toEqual(['feedback_invitation', 'leader_invitation']);
    });

    it('shows in the follow-up as sent', async () => {
      const view = await followUpView((await leaderFollowUp(callId)).id);
      const [row] = await invitation(callId);
      expect(view.invitation).toEqual({ status: 'sent', suggestedTime: null, message: null, sentAt: row.created_at.toISOString(), expiresAt: row.expires_at.toISOString(), answeredAt: null });
    });

    it('is in English, with an English link, for a call taken in English', async () => {
      const english = await complaint({ number: '+4791234602', language: 'en' });
      const token = await tokenOf(english);
      expect((await invitationTexts(english))[0]!.body).toBe(
        'Hello! You called the Norwegian Police on 02800 and were not satisfied. A police leader would like to talk with you about your experience. ' +
          `Answer here: ${api.baseUrl}/conversation/${token}?lang=en The link can be used once and is valid for 14 days. Regards, Norwegian Police 02800`,
      );
    });

    it('is not sent when the number was withheld: the follow-up has no invitation', async () => {
      const withheld = await complaint();
      expect(await invitation(withheld)).toEqual([]);
      const followUp = await leaderFollowUp(withheld);
      expect(followUp.status).toBe('open');
      expect((await env.db.query(`SELECT count(*)::int AS n FROM job_outbox WHERE name = 'send-leader-invitation' AND payload->>'followUpId' = $1`, [followUp.id])).rows[0].n).toBe(0);
      expect((await followUpView(followUp.id)).invitation).toBeNull();
    });
  });

  describe('the page', () => {
    it('serves an open invitation its three answers in Norwegian, under a policy without inline script, and nothing about the call', async () => {
      const callId = await complaint({ number: '+4791234603' });
      const page = await openPage(await tokenOf(callId));
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(page.headers.get('content-security-policy')).not.toContain('unsafe-inline');
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.text).toContain('<html lang="nb">');
      expect(page.text).toContain('<h1>Vil du snakke med en leder i politiet?</h1>');
      for (const value of ['accepted', 'time_suggested', 'declined']) expect(page.text).toContain(`<input type="radio" id="answer-${value}" name="answer" value="${value}">`);
      expect(page.text).not.toMatch(/<script|91234603|passport/);
      const en = await openPage(await tokenOf(callId), '?lang=en');
      expect(en.status).toBe(200);
      expect(en.text).toContain('<h1>Would you like to talk with a police leader?</h1>');
    });
  });

  describe('the answer moves the leader conversation follow-up', () => {
    it('accepted: in progress, "citizen accepted" in its result, the message kept for the leader, the journey told', async () => {
      const callId = await complaint({ number: '+4791234604' });
      const token = await tokenOf(callId);
      const taken = await answer(token, [
        ['answer', 'accepted'],
        ['date', ''],
        ['time', ''],
        ['message', 'Ring etter klokka 12, takk.'],
      ]);
      expect(taken.status).toBe(200);
      expect(taken.text).toContain('<h1>Takk for svaret!</h1>');
      const followUp = await leaderFollowUp(callId);
      expect([followUp.status, followUp.result, followUp.done_at]).toEqual(['in_progress', 'Citizen accepted the conversation: call them', null]);
      const view = await followUpView(followUp.id);
      expect(view.invitation).toMatchObject({ status: 'accepted', suggestedTime: null, message: 'Ring etter klokka 12, takk.', answeredAt: expect.stringMatching(/Z$/) });
      const { rows: events } = await env.db.query(`SELECT data FROM call_events WHERE call_id = $1 AND type = 'leader_invitation_answered'`, [callId]);
      expect(events).toEqual([{ data: { followUpId: followUp.id, answer: 'accepted', suggestedTime: null, hasMessage: true } }]);
      const { rows: audit } = await env.db.query(`SELECT actor_user_id, data FROM audit_log WHERE action = 'follow_up.citizen_answer' AND entity_id = $1`, [followUp.id]);
      expect(audit).toEqual([{ actor_user_id: null, data: { answer: 'accepted', from: 'open', to: 'in_progress', dueAt: null } }]);
    });

    it('declined: done, with the result "Citizen declined the conversation"', async () => {
      const callId = await complaint({ number: '+4791234605' });
      const taken = await answer(await tokenOf(callId), [['answer', 'declined']]);
      expect(taken.status).toBe(200);
      expect(taken.text).toContain('<h1>Takk for svaret</h1>');
      const followUp = await leaderFollowUp(callId);
      expect([followUp.status, followUp.result]).toEqual(['done', 'Citizen declined the conversation']);
      expect(followUp.done_at).not.toBeNull();
      expect((await followUpView(followUp.id)).invitation).toMatchObject({ status: 'declined' });
    });

    it('a time suggested: in progress, due at that time (10:00 in Oslo), the time shown in the follow-up', async () => {
      const callId = await complaint({ number: '+4791234606' });
      const date = weekdayIn(3);
      const taken = await answer(await tokenOf(callId), [
        ['answer', 'time_suggested'],
        ['date', date],
        ['time', '10:00'],
        ['message', ''],
      ]);
      expect(taken.status).toBe(200);
      const { rows } = await env.db.query(`SELECT ($1::date + time '10:00') AT TIME ZONE 'Europe/Oslo' AS at`, [date]);
      const expected = (rows[0].at as Date).toISOString();
      const followUp = await leaderFollowUp(callId);
      expect([followUp.status, followUp.due_at.toISOString(), followUp.result]).toEqual(['in_progress', expected, `Citizen suggested a time: ${expected}`]);
      const view = await followUpView(followUp.id);
      expect(view.dueAt).toBe(expected);
      expect(view.invitation).toMatchObject({ status: 'time_suggested', suggestedTime: expected, message: null });
    });

    it('is taken once: a second answer is refused (409) and changes nothing; the page says it was answered', async () => {
      const callId = await complaint({ number: '+4791234607' });
      const token = await tokenOf(callId);
      expect((await answer(token, [['answer', 'accepted']])).status).toBe(200);
      const before = await env.fingerprint();
      const again = await answer(token, [['answer', 'declined']]);
      expect(again.status).toBe(409);
      expect(again.text).toContain('<h1>Du har allerede svart</h1>');
      const page = await openPage(token, '?lang=en');
      expect(page.status).toBe(409);
      expect(page.text).toContain('<h1>You have already answered</h1>');
      expect(page.text).not.toContain('<form');
      expect(await env.fingerprint()).toEqual(before);
      expect((await leaderFollowUp(callId)).status).toBe('in_progress');
    });

    it('two answers at the same moment: exactly one is taken', async () => {
      const callId = await complaint({ number: '+4791234608' });
      const token = await tokenOf(callId);
      const answers = await Promise.all([answer(token, [['answer', 'accepted']]), answer(token, [['answer', 'declined']])]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      expect((await env.db.query(`SELECT count(*)::int AS n FROM call_events WHERE call_id = $1 AND type = 'leader_invitation_answered'`, [callId])).rows[0].n).toBe(1);
    });

    it('an invitation whose follow-up the leader already finished keeps the answer and leaves the follow-up alone', async () => {
      const callId = await complaint({ number: '+4791234609' });
      const followUp = await leaderFollowUp(callId);
      const finished = await api.request('PATCH', `/api/follow-ups/${followUp.id}`, { status: 'done', result: 'Called the complainant already' }, { token: supervisor });
      expect(finished.status).toBe(200);
      expect((await answer(await tokenOf(callId), [['answer', 'declined']])).status).toBe(200);
      const after = await leaderFollowUp(callId);
      expect([after.status, after.result]).toEqual(['done', 'Called the complainant already']);
      expect((await invitation(callId))[0].answer).toBe('declined');
    });
  });

  describe('closed and bad links, bad answers: refused, nothing changed', () => {
    let token: string;
    let callId: string;
    let expiredToken: string;
    beforeAll(async () => {
      callId = await complaint({ number: '+4791234610' });
      token = await tokenOf(callId);
      const expiredCall = await complaint({ number: '+4791234611' });
      expiredToken = await tokenOf(expiredCall);
      await env.db.query(`UPDATE leader_invitations SET expires_at = now() - interval '1 minute' WHERE call_id = $1`, [expiredCall]);
    });

    it('an expired link: 410, as a page in either language, and its answer refused', async () => {
      const before = await env.fingerprint();
      const nb = await openPage(expiredToken);
      expect(nb.status).toBe(410);
      expect(nb.text).toContain('<h1>Lenken har utløpt</h1>');
      expect((await openPage(expiredToken, '?lang=en')).text).toContain('<h1>This link has expired</h1>');
      expect((await answer(expiredToken, [['answer', 'accepted']])).status).toBe(410);
      expect(await env.fingerprint()).toEqual(before);
    });

    it.each([
      { case: 'too short', link: () => 'abc' },
      { case: 'one character too many', link: () => `${token}x` },
      { case: 'not base64url', link: () => `${token.slice(0, 42)}.` },
      { case: 'unknown', link: () => unknownToken() },
    ])('a malformed or unknown link ($case): 404 for the page and the answer', async ({ link }) => {
      const before = await env.fingerprint();
      const page = await openPage(link());
      expect(page.status).toBe(404);
      expect(page.text).toContain('<h1>Vi finner ikke denne lenken</h1>');
      expect((await answer(link(), [['answer', 'accepted']])).status).toBe(404);
      expect(await env.fingerprint()).toEqual(before);
    });

    it.each([
      { case: 'no answer', form: [] as [string, string][], title: 'Svaret mangler noe' },
      { case: 'an answer that is none of the three', form: [['answer', 'maybe']] as [string, string][], title: 'Svaret mangler noe' },
      {
        case: 'a repeated answer',
        form: [
          ['answer', 'accepted'],
          ['answer', 'declined'],
        ] as [string, string][],
        title: 'Svaret mangler noe',
      },
      {
        case: 'an unknown field',
        form: [
          ['answer', 'accepted'],
          ['phone', '+4799999999'],
        ] as [string, string][],
        title: 'Svaret mangler noe',
      },
      { case: 'a time suggested without one', form: [['answer', 'time_suggested']] as [string, string][], title: 'Tidspunktet kan ikke brukes' },
      {
        case: 'a time suggested on a Saturday',
        form: () => [
          ['answer', 'time_suggested'],
          ['date', saturday()],
          ['time', '10:00'],
        ],
        title: 'Tidspunktet kan ikke brukes',
      },
      {
        case: 'a time outside office hours',
        form: () => [
          ['answer', 'time_suggested'],
          ['date', weekdayIn(3)],
          ['time', '17:00'],
        ],
        title: 'Tidspunktet kan ikke brukes',
      },
      {
        case: 'a time past 60 days',
        form: () => [
          ['answer', 'time_suggested'],
          ['date', weekdayIn(62)],
          ['time', '10:00'],
        ],
        title: 'Tidspunktet kan ikke brukes',
      },
      {
        case: 'a time in the past',
        form: () => [
          ['answer', 'time_suggested'],
          ['date', '2020-01-06'],
          ['time', '10:00'],
        ],
        title: 'Tidspunktet kan ikke brukes',
      },
      {
        case: 'a date that does not exist',
        form: () => [
          ['answer', 'time_suggested'],
          ['date', '2027-02-30'],
          ['time', '10:00'],
        ],
        title: 'Tidspunktet kan ikke brukes',
      },
      {
        case: 'a message of 501 characters',
        form: [
          ['answer', 'accepted'],
          ['message', 'x'.repeat(501)],
        ] as [string, string][],
        title: 'Meldingen er for lang',
      },
    ])('$case: 400, a page that says what is wrong and links back', async ({ form, title }) => {
      const before = await env.fingerprint();
      const refused = await answer(token, (typeof form === 'function' ? form() : form) as [string, string][]);
      expect(refused.status).toBe(400);
      expect(refused.text).toContain(`<h1>${title}</h1>`);
      expect(refused.text).toContain(`<a href="/conversation/${token}?lang=nb">Tilbake til skjemaet</a>`);
      expect(await env.fingerprint()).toEqual(before);
    });

    it('a body that is not a form (broken JSON): 400, nothing changed', async () => {
      const before = await env.fingerprint();
      const response = await fetch(`${api.baseUrl}/conversation/${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"answer": "acc' });
      expect(response.status).toBe(400);
      expect(await env.fingerprint()).toEqual(before);
    });

    it('and after all that the link still takes its one answer', async () => {
      expect((await answer(token, [['answer', 'accepted']])).status).toBe(200);
      expect((await leaderFollowUp(callId)).status).toBe('in_progress');
    });
  });

  describe('rate limits, as the feedback links have them (5 a minute here, shared through Redis)', () => {
    it('refuse the 6th request from one address with 429 and store nothing; another address still answers', async () => {
      const callId = await complaint({ number: '+4791234612' });
      const token = await tokenOf(callId);
      const from = { 'x-forwarded-for': '203.0.113.70' };
      for (let i = 0; i < 5; i++) expect((await openPage(unknownToken(), '', limited[i % 2]!.baseUrl, from)).status).toBe(404);
      const before = await env.fingerprint();
      const refused = await answer(token, [['answer', 'declined']], limited[1].baseUrl, from);
      expect(refused.status).toBe(429);
      expect(refused.text).toContain('<h1>For mange forsøk</h1>');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await openPage(token, '', limited[0].baseUrl, from)).status).toBe(429);
      expect(await env.fingerprint()).toEqual(before);
      expect((await answer(token, [['answer', 'declined']], limited[0].baseUrl, { 'x-forwarded-for': '203.0.113.71' })).status).toBe(200);
    });

    it('refuse the 6th answer for one link, whatever the address', async () => {
      const callId = await complaint({ number: '+4791234613' });
      const token = await tokenOf(callId);
      for (let i = 1; i <= 5; i++) expect((await answer(token, [['answer', 'nope']], limited[i % 2]!.baseUrl, { 'x-forwarded-for': `198.51.100.${30 + i}` })).status).toBe(400);
      const before = await env.fingerprint();
      expect((await answer(token, [['answer', 'accepted']], limited[0].baseUrl, { 'x-forwarded-for': '198.51.100.40' })).status).toBe(429);
      expect(await env.fingerprint()).toEqual(before);
    });
  });

  describe('in headless Chromium, as a complainant uses it', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
    });
    const watch = (page: Page) => {
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      return problems;
    };

    it('suggests a time by its labels, sees the thanks; the follow-up is due then; no accessibility violations in nb or en', async () => {
      const callId = await complaint({ number: '+4791234614' });
      const token = await tokenOf(callId);
      const page = await browser.newPage();
      const problems = watch(page);
      expect((await page.goto(`${api.baseUrl}/conversation/${token}`))!.status()).toBe(200);
      expect(await page.getAttribute('html', 'lang')).toBe('nb');
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, 'conversation-page-nb.png'), fullPage: true });

      await page.goto(`${api.baseUrl}/conversation/${token}?lang=en`);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await page.textContent('h1')).toBe('Would you like to talk with a police leader?');
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, 'conversation-page-en.png'), fullPage: true });

      await page.getByRole('link', { name: 'Norsk' }).click();
      await page.waitForURL(/lang=nb/);
      await page.getByLabel('Ja, men ring meg på et tidspunkt jeg foreslår').check();
      const date = weekdayIn(4);
      await page.getByLabel('Dato').fill(date);
      await page.getByLabel('Klokkeslett').selectOption('13:30');
      await page.getByLabel('Melding til lederen (valgfritt)').fill('Jeg vil gjerne forklare hva som skjedde.');
      const [answered] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Send svar' }).click()]);
      expect(answered!.status()).toBe(200);
      expect(await page.textContent('h1')).toBe('Takk for svaret!');
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, 'conversation-page-answered.png'), fullPage: true });
      expect(problems).toEqual([]);

      const { rows } = await env.db.query(`SELECT ($1::date + time '13:30') AT TIME ZONE 'Europe/Oslo' AS at`, [date]);
      const followUp = await leaderFollowUp(callId);
      expect([followUp.status, followUp.due_at.toISOString()]).toEqual(['in_progress', (rows[0].at as Date).toISOString()]);
      expect((await invitation(callId))[0].message).toBe('Jeg vil gjerne forklare hva som skjedde.');

      const reloaded = await page.goto(`${api.baseUrl}/conversation/${token}`);
      expect(reloaded!.status()).toBe(409);
      expect(await page.textContent('h1')).toBe('Du har allerede svart');
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.close();
    });
  });

  describe("the follow-ups panel on the supervisors' wall", () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
    });

    it("shows each leader conversation's invitation: sent, or the suggested time, in Norwegian and in English", async () => {
      const sent = await leaderFollowUp(await complaint({ number: '+4791234619' }));
      const suggestedCall = await complaint({ number: '+4791234620' });
      expect(
        (
          await answer(await tokenOf(suggestedCall), [
            ['answer', 'time_suggested'],
            ['date', weekdayIn(5)],
            ['time', '09:30'],
          ])
        ).status,
      ).toBe(200);
      // Soon, so that it is among the panel's first 25 (open ones by due time).
      const suggested = await leaderFollowUp(suggestedCall);
      const context = await browser.newContext({ viewport: { width: 1600, height: 1200 } });
      const page = await context.newPage();
      await signInAt(page, api.baseUrl, 'super01', { home: /\/supervisor$/ });
      const stateOf = (id: string) => page.locator(`[data-testid="follow-ups"] tr[data-follow-up="${id}"]`).getByTestId('follow-up-invitation');
      await stateOf(sent.id).waitFor({ timeout: 10_000 });
      expect(await stateOf(sent.id).textContent()).toBe('Invitasjon til samtale: Sendt, ikke besvart');
      const time = suggested.due_at.toLocaleString('nb-NO', { dateStyle: 'medium', timeStyle: 'short' });
      expect(await stateOf(suggested.id).textContent()).toBe(`Invitasjon til samtale: Foreslått tidspunkt ${time}`);
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, 'conversation-follow-ups-panel-nb.png'), fullPage: true });

      await page.getByRole('button', { name: 'English' }).click();
      await page.locator('html[lang="en"]').waitFor();
      expect(await stateOf(sent.id).textContent()).toBe('Invitation to a conversation: Sent, not answered');
      const timeEn = suggested.due_at.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
      expect(await stateOf(suggested.id).textContent()).toBe(`Invitation to a conversation: Time suggested ${timeEn}`);
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, 'conversation-follow-ups-panel-en.png'), fullPage: true });
      await context.close();
    });
  });

  describe('what the logs hold', () => {
    it("neither the api's nor the worker's log holds a caller number, a complainant's message or a working link", async () => {
      // The worker logged the texts it sent, the api the pages it served and the answers it took.
      expect(log).toContain('"leader invitation"');
      expect(log).toContain('"leader invitation answered"');
      expect(log).toContain('/conversation/[redacted]');
      for (const number of numbers) expect(log).not.toContain(number.slice(3));
      expect(log).not.toMatch(/Ring etter klokka|forklare hva som skjedde/);
      const { rows } = await env.db.query<{ body: string }>(`SELECT body FROM sms_outbox WHERE purpose = 'leader_invitation' AND body IS NOT NULL`);
      for (const { body } of rows) expect(log).not.toContain(TOKEN_IN_TEXT.exec(body)![1]!);
    });
  });

  describe('the job, run again, and the retention of the number', () => {
    let retention: RetentionService;
    let sender: LeaderInvitationSender;
    beforeAll(async () => {
      // A worker in this process, for its services; its jobs are the same as the spawned worker's.
      const worker = await env.startWorker({ PUBLIC_BASE_URL: api.baseUrl });
      retention = worker.get(RetentionService);
      sender = worker.get(LeaderInvitationSender);
    });

    it('sends nothing more when the job runs again, one after the other or side by side', async () => {
      const callId = await complaint({ number: '+4791234615' });
      const followUp = await leaderFollowUp(callId);
      const jobId = `${followUp.id}-leader-invitation`;
      const { rows } = await env.db.query<{ payload: JobPayloads['send-leader-invitation'] }>(`SELECT payload FROM job_outbox WHERE job_id = $1`, [jobId]);
      const payload = rows[0]!.payload;
      const hashBefore = (await invitation(callId))[0].token_hash;
      await expect(sender.send(payload, jobId)).resolves.toBe('already_sent');
      await expect(Promise.all([sender.send(payload, jobId), sender.send(payload, jobId)])).resolves.toEqual(['already_sent', 'already_sent']);
      expect(await invitationTexts(callId)).toHaveLength(1);
      expect((await invitation(callId)).map((row) => row.token_hash)).toEqual([hashBefore]);

      // With the invitation gone (as if the first run never committed), two runs at once send exactly one text.
      await env.db.query(`DELETE FROM sms_outbox WHERE call_id = $1 AND purpose = 'leader_invitation'`, [callId]);
      await env.db.query(`DELETE FROM leader_invitations WHERE call_id = $1`, [callId]);
      expect((await Promise.all([sender.send(payload, jobId), sender.send(payload, jobId)])).sort()).toEqual(['already_sent', 'sent']);
      expect(await invitationTexts(callId)).toHaveLength(1);
    });

    it('keeps the number while the invitation is open, and purges it (and later the message) once it is answered or expired', async () => {
      const open = await complaint({ number: '+4791234616' });
      const answered = await complaint({ number: '+4791234617' });
      const expired = await complaint({ number: '+4791234618' });
      expect(
        (
          await answer(await tokenOf(answered), [
            ['answer', 'accepted'],
            ['message', 'Ring meg i lunsjen.'],
          ])
        ).status,
      ).toBe(200);
      await env.db.query(`UPDATE leader_invitations SET expires_at = now() - interval '1 minute' WHERE call_id = $1`, [expired]);
      // The numbers are past their 30 days.
      await env.db.query(`UPDATE caller_numbers SET created_at = now() - interval '31 days' WHERE call_id = ANY($1::uuid[])`, [[open, answered, expired]]);
      const kept = async () => (await env.db.query(`SELECT call_id FROM caller_numbers WHERE call_id = ANY($1::uuid[])`, [[open, answered, expired]])).rows.map((row) => row.call_id);

      await retention.purge();
      expect(await kept()).toEqual([open]);
      // Answered now, the open one's number goes on the next run.
      expect((await answer(await tokenOf(open), [['answer', 'declined']])).status).toBe(200);
      await retention.purge();
      expect(await kept()).toEqual([]);

      // The message stays as long as a feedback comment (180 days after the answer), then is blanked.
      expect((await invitation(answered))[0].message).toBe('Ring meg i lunsjen.');
      const purged = await retention.purge(new Date(Date.now() + 181 * DAY_MS));
      expect(purged.leaderMessages).toBeGreaterThanOrEqual(1);
      const { rows } = await env.db.query(`SELECT message, message_purged_at, answer FROM leader_invitations WHERE call_id = $1`, [answered]);
      expect(rows[0]).toEqual({ message: null, message_purged_at: expect.any(Date), answer: 'accepted' });
    });
  });
});
