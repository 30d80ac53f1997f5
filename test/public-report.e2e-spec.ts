import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EffectFigure, ImprovementActionEffectView } from '@fc/contracts';
import { hashFeedbackToken } from '@fc/feedback';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { ApiClient } from './support/api-client.js';
import { accessibilityViolations, launchChromium, SCREENSHOTS } from './support/browser.js';
import { TestEnvironment } from './support/test-environment.js';

const DAY = 86_400_000;
/** The history ends an hour ago; passport's FCR is planted 0.10 higher from 20 days ago, when the public done action took effect. */
const END = new Date(Date.now() - 3_600_000);
const EFFECTIVE_AT = new Date(Date.now() - 20 * DAY);

interface Page {
  status: number;
  headers: Headers;
  html: string;
}

/** A GET as anyone's browser sends it: no token, no cookie. */
async function get(base: string, path: string, headers: Record<string, string> = {}): Promise<Page> {
  const response = await fetch(`${base}${path}`, { headers });
  return { status: response.status, headers: response.headers, html: await response.text() };
}

/** The page's text without tags (inline ones leave nothing, blocks a space), with its whitespace (non-breaking included) as single spaces. */
const textOf = (html: string) =>
  html
    .replace(/<\/?(strong|a)\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[\s\u00a0]+/g, ' ');

describe('what came of it: a public page per topic, with counts, public actions and their measured effect only', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  /** Held to 3 requests a minute per address, behind a proxy on loopback. */
  let limited: ApiClient;
  let quality: string;
  let browser: Browser;
  /** Every piece of personal or internal text of the data set: none may appear on a public page. */
  const secrets: string[] = [];
  const ids: Record<'done' | 'underway' | 'private' | 'cancelled' | 'unmeasured', string> = { done: '', underway: '', private: '', cancelled: '', unmeasured: '' };
  let effect: ImprovementActionEffectView;

  /** The rows a query returns. */
  const rows = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => (await env.db.query(sql, params)).rows as T[];

  const callsOf = async (topicKey: string, count: number, offset = 0): Promise<{ id: string; agent_id: string | null; topic_id: string }[]> =>
    rows(
      `SELECT c.id, c.agent_id, c.topic_id FROM calls c JOIN topics t ON t.id = c.topic_id
        WHERE t.key = $1 AND c.arrived_at > now() - interval '30 days' AND c.agent_id IS NOT NULL ORDER BY c.arrived_at, c.id LIMIT $2 OFFSET $3`,
      [topicKey, count, offset],
    );

  const request = <T>(method: string, path: string, body?: unknown) => api.request<T>(method, path, body, { token: quality });

  /** Creates an action as the quality lead; its title, description and result are internal and go on the secret list. */
  async function action(name: string, fields: Record<string, unknown>, to: 'planned' | 'in_progress' | 'done' | 'cancelled', effectiveAt?: Date): Promise<string> {
    const internal = { title: `Internal title ${name} Q7X`, description: `Internal description ${name} Q7X`, result: `Internal result ${name} Q7X`, cancelReason: `Internal reason ${name} Q7X` };
    secrets.push(internal.title, internal.description, internal.result, internal.cancelReason);
    const created = await request<{ id: string }>('POST', '/api/improvement-actions', {
      title: internal.title,
      description: internal.description,
      kind: 'ivr_text',
      dueAt: new Date(Date.now() + 10 * DAY).toISOString(),
      origin: 'insight',
      originInsight: { from: new Date(Date.now() - 30 * DAY).toISOString(), to: new Date().toISOString(), interval: 'week', topicKey: 'passport' },
      topicKeys: ['passport'],
      rootCauseKeys: ['wrong_ivr_choice'],
      ...fields,
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    if (to === 'in_progress' || to === 'done') expect((await request('PATCH', `/api/improvement-actions/${id}`, { status: 'in_progress' })).status).toBe(200);
    if (to === 'done') expect((await request('PATCH', `/api/improvement-actions/${id}`, { status: 'done', result: internal.result, effectiveAt: effectiveAt!.toISOString() })).status).toBe(200);
    if (to === 'cancelled') expect((await request('PATCH', `/api/improvement-actions/${id}`, { status: 'cancelled', cancelReason: internal.cancelReason })).status).toBe(200);
    return id;
  }

  beforeAll(async () => {
    env = await TestEnvironment.create({ FEEDBACK_RATE_LIMIT_PER_MIN: '1000', QUALITY_SAMPLE_RATE: '0', EFFECT_WINDOW_DAYS: '14', EFFECT_MIN_COUNT: '50' });
    // Forty days of 4 000 calls, with passport's FCR planted higher from EFFECTIVE_AT.
    await env.generateHistory(['--calls=4000', '--days=40', '--seed=1818', `--end=${END.toISOString()}`, '--plant-topic=passport', `--plant-at=${EFFECTIVE_AT.toISOString()}`, '--plant-fcr=0.10']);
    ({ api } = await env.startApi());
    ({ api: limited } = await env.startApi({ FEEDBACK_RATE_LIMIT_PER_MIN: '3', TRUSTED_PROXIES: '127.0.0.1' }));
    quality = (await api.login('quality01')).accessToken;
    const [reviewer] = await rows<{ id: string }>(`SELECT id FROM users WHERE username = 'quality01'`);

    // Passport: 10 done reviews (7 wrong IVR choice, 3 tone) and one open; firearms: 2 done.
    const passport = await callsOf('passport', 30);
    const firearms = await callsOf('firearms', 5);
    const review = async (call: { id: string; agent_id: string | null; topic_id: string }, status: string, causes: string[], n: number) => {
      const text = `Review feedback to the agent ${n} R4Z`;
      secrets.push(text);
      await env.db.query(`INSERT INTO reviews (call_id, agent_id, topic_id, status, reviewed_at, reviewer_user_id, root_causes, agent_feedback) VALUES ($1, $2, $3, $4, now(), $5, $6, $7)`, [
        call.id,
        call.agent_id,
        call.topic_id,
        status,
        reviewer!.id,
        causes,
        text,
      ]);
    };
    for (let i = 0; i < 7; i++) await review(passport[i]!, 'done', ['wrong_ivr_choice'], i);
    for (let i = 7; i < 10; i++) await review(passport[i]!, 'done', ['tone'], i);
    await review(passport[10]!, 'in_progress', ['system_problem'], 10);
    for (let i = 0; i < 2; i++) await review(firearms[i]!, 'done', ['unclear_routines'], 100 + i);

    // Passport: 12 answers (6 × 5, 2 × 4, 4 × 1) with comments, and one link not answered; firearms: 3 answers.
    const answer = async (callId: string, score: number | null, n: number) => {
      const comment = score === null ? null : `Citizen comment ${n} C9W`;
      if (comment) secrets.push(comment);
      await env.db.query(`INSERT INTO feedback (call_id, token_hash, expires_at, used_at, score, comment) VALUES ($1, $2, now() + interval '1 day', $3, $4, $5)`, [
        callId,
        hashFeedbackToken(randomBytes(32).toString('base64url')),
        score === null ? null : new Date(),
        score,
        comment,
      ]);
    };
    const scores = [5, 5, 5, 5, 5, 5, 4, 4, 1, 1, 1, 1];
    for (let i = 0; i < scores.length; i++) await answer(passport[i]!.id, scores[i]!, i);
    await answer(passport[12]!.id, null, 12);
    for (let i = 0; i < 3; i++) await answer(firearms[i]!.id, 4, 100 + i);

    // Caller numbers and notes on the same calls.
    for (let i = 0; i < 14; i++) {
      const number = `+47912${String(34500 + i)}`;
      const note = `Agent note about the caller ${i} N2V`;
      secrets.push(number, note);
      await env.db.query(`INSERT INTO caller_numbers (call_id, phone_e164) VALUES ($1, $2)`, [passport[i]!.id, number]);
      await env.db.query(`UPDATE calls SET note = $2 WHERE id = $1`, [passport[i]!.id, note]);
    }
    // Everyone's name: agents, leads, administrators.
    for (const user of await rows<{ username: string; display_name: string }>(`SELECT username, display_name FROM users`)) secrets.push(user.username, user.display_name);

    // Actions on passport: public and done, public and under way, private, public but cancelled, public and done but not measured.
    const summaries = (name: string) => ({ public: true, publicSummaryNb: `Offentlig oppsummering ${name}`, publicSummaryEn: `Public summary ${name}` });
    ids.done = await action('done', summaries('done'), 'done', EFFECTIVE_AT);
    ids.underway = await action('underway', summaries('underway'), 'in_progress');
    ids.private = await action('private', {}, 'planned');
    ids.cancelled = await action('cancelled', { public: true, publicSummaryNb: 'Avlyst oppsummering K8P', publicSummaryEn: 'Cancelled summary K8P' }, 'cancelled');
    secrets.push('Avlyst oppsummering K8P', 'Cancelled summary K8P');
    ids.unmeasured = await action('unmeasured', summaries('unmeasured'), 'done', new Date(Date.now() - 2 * DAY));

    // The lead measures the done action, which stores its effect; the page reads that.
    const measured = await request<ImprovementActionEffectView>('GET', `/api/improvement-actions/${ids.done}/effect`);
    expect(measured.status).toBe(200);
    effect = measured.body;
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await env.close();
  });

  it('lists the active topics, each linking to its page, in nb and en', async () => {
    const nb = await get(api.baseUrl, '/what-came-of-it');
    expect(nb.status).toBe(200);
    expect(nb.headers.get('content-language')).toBe('nb');
    expect(nb.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(nb.html).toContain('<a href="/what-came-of-it/passport">Pass og ID-kort</a>');
    const en = await get(api.baseUrl, '/what-came-of-it?lang=en');
    expect(en.html).toContain('<a href="/what-came-of-it/passport?lang=en">Passport and ID card</a>');
    expect(en.html).toContain('<html lang="en">');
  });

  it("tells what callers told us about passport: root causes and answers, small counts as 'fewer than 5'", async () => {
    const en = textOf((await get(api.baseUrl, '/what-came-of-it/passport?lang=en')).html);
    expect(en).toContain('Calls reviewed: 10');
    expect(en).toContain('Wrong IVR choice 7');
    expect(en).toContain('Tone fewer than 5');
    // The open review's cause is not counted; a cause of another topic is not shown.
    expect(en).not.toContain('System problem');
    expect(en).not.toContain('Unclear routines');
    expect(en).toContain('Answers received: 12. Share satisfied (4 or 5): 66.7%.');
    expect(en).toContain('1 – Very dissatisfied fewer than 5');
    expect(en).toContain('2 – Dissatisfied 0');
    expect(en).toContain('4 – Satisfied fewer than 5');
    expect(en).toContain('5 – Very satisfied 6');

    const nb = textOf((await get(api.baseUrl, '/what-came-of-it/passport')).html);
    expect(nb).toContain('Samtaler gjennomgått: 10');
    expect(nb).toContain('Feil valg i talemenyen 7');
    expect(nb).toContain('Tone og væremåte færre enn 5');
    expect(nb).toContain('Svar mottatt: 12. Andel fornøyde (4 eller 5): 66,7 %.');
  });

  it('hides the share under five answers, and counts under five, for firearms', async () => {
    const en = textOf((await get(api.baseUrl, '/what-came-of-it/firearms?lang=en')).html);
    expect(en).toContain('Calls reviewed: fewer than 5');
    expect(en).toContain('Unclear routines fewer than 5');
    expect(en).toContain('Answers received: fewer than 5. Share satisfied (4 or 5): not shown for fewer than 5 answers.');
    expect(en).toContain('We have not published any changes for this topic yet.');
  });

  it('shows the public actions only (not the private one, not the cancelled one), with status and when they took effect', async () => {
    const en = textOf((await get(api.baseUrl, '/what-came-of-it/passport?lang=en')).html);
    expect(en).toContain('Public summary underway In progress');
    expect(en).toContain(`Public summary done Done · In effect from ${EFFECTIVE_AT.toLocaleDateString('en-GB', { dateStyle: 'long', timeZone: 'Europe/Oslo' })}`);
    expect(en).toContain('Public summary unmeasured Done');
    expect(en).not.toContain('Cancelled summary');
    expect(en).not.toContain('Public summary private');
    const nb = textOf((await get(api.baseUrl, '/what-came-of-it/passport')).html);
    expect(nb).toContain('Offentlig oppsummering underway Pågår');
    expect(nb).not.toContain('Avlyst oppsummering');
  });

  it("shows the done action's stored effect as the effect service measured it, and 'not measured yet' for the one never measured", async () => {
    const { fcr, transferRate } = effect.report.figures;
    // The planted change is large enough to tell with these counts.
    expect(fcr.verdict).toBe('improved');
    const percent = (value: number | null) => `${(value! * 100).toFixed(1)}%`;
    const points = (value: number) => `${value > 0 ? '+' : ''}${(value * 100).toFixed(1)}`;
    const sentence = (figure: EffectFigure, verdict: string) =>
      `from ${percent(figure.before.value)} before to ${percent(figure.after.value)} after, ${points(figure.difference!)} percentage points (95 % interval ${points(figure.ci95!.low)} to ${points(figure.ci95!.high)}). ${verdict}.`;
    const verdicts: Record<string, string> = { improved: 'Better', worsened: 'Worse', no_change: 'No certain change' };
    const en = textOf((await get(api.baseUrl, '/what-came-of-it/passport?lang=en')).html);
    expect(en).toContain(`Resolved in the first call: ${sentence(fcr, 'Better')}`);
    if (transferRate.verdict === 'too_few') expect(en).toContain('Calls transferred: Too early to tell.');
    else expect(en).toContain(`Calls transferred: ${sentence(transferRate, verdicts[transferRate.verdict]!)}`);
    // The history has no feedback before the change: nothing to tell about satisfaction.
    expect(effect.report.figures.csat.verdict).toBe('too_few');
    expect(en).toContain('Satisfied callers: Too early to tell.');
    expect(en).toContain('Measured on');
    expect(en).toContain('over 14 days before and 14 days after the change');
    // The action done two days ago has no stored effect: the page says so, and did not measure it.
    expect(en).toMatch(/The change from [^.]+ Public summary unmeasured Not measured yet\./);
    const [stored] = await rows<{ effect: unknown }>(`SELECT effect FROM improvement_actions WHERE id = $1`, [ids.unmeasured]);
    expect(stored!.effect).toBeNull();
    const nb = textOf((await get(api.baseUrl, '/what-came-of-it/passport')).html);
    expect(nb).toContain(`Løst i første samtale: fra ${(fcr.before.value! * 100).toFixed(1).replace('.', ',')} % før`);
    expect(nb).toContain('Ikke målt ennå.');
  });

  it('shows no personal data and nothing internal: no number, name, note, comment, review text or private action text, in nb or en', async () => {
    expect(secrets.length).toBeGreaterThan(60);
    for (const path of [
      '/what-came-of-it',
      '/what-came-of-it?lang=en',
      '/what-came-of-it/passport',
      '/what-came-of-it/passport?lang=en',
      '/what-came-of-it/firearms',
      '/what-came-of-it/firearms?lang=en',
    ]) {
      const page = await get(api.baseUrl, path);
      expect(page.status).toBe(200);
      const found = secrets.filter((secret) => page.html.includes(secret) || textOf(page.html).includes(secret));
      expect({ path, found }).toEqual({ path, found: [] });
    }
  });

  it('answers an unknown topic with a 404 page, and bad input changes nothing', async () => {
    const before = await env.fingerprint();
    const unknown = await get(api.baseUrl, '/what-came-of-it/no_such_topic?lang=en');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('text/html');
    expect(textOf(unknown.html)).toContain('We cannot find this topic');
    for (const path of [`/what-came-of-it/${'x'.repeat(2000)}`, '/what-came-of-it/%27%3B%20DROP%20TABLE%20topics', '/what-came-of-it/passport%00', '/what-came-of-it/%3Cscript%3E?lang=%3Cb%3E']) {
      const page = await get(api.baseUrl, path);
      expect(page.status).toBe(404);
      expect(page.html).not.toContain('<script>');
      expect(page.html).toContain('<html lang="nb">');
    }
    expect(await env.fingerprint()).toEqual(before);
  });

  it('refuses the 4th request a minute from one address with a 429 page; another address is served', async () => {
    const from = { 'x-forwarded-for': '203.0.113.18' };
    for (let i = 0; i < 3; i++) expect((await get(limited.baseUrl, '/what-came-of-it/passport', from)).status).toBe(200);
    const refused = await get(limited.baseUrl, '/what-came-of-it/passport?lang=en', from);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(textOf(refused.html)).toContain('Too many attempts');
    expect((await get(limited.baseUrl, '/what-came-of-it', from)).status).toBe(429);
    expect((await get(limited.baseUrl, '/what-came-of-it/passport', { 'x-forwarded-for': '203.0.113.19' })).status).toBe(200);
  });

  it("serves a topic's report from the cache: an answer given after the first view is not counted until it expires", async () => {
    const first = textOf((await get(api.baseUrl, '/what-came-of-it/firearms?lang=en')).html);
    expect(first).toContain('Answers received: fewer than 5.');
    // Three more answers make six: a report computed again would show them.
    const calls = await callsOf('firearms', 3, 3);
    for (const call of calls)
      await env.db.query(`INSERT INTO feedback (call_id, token_hash, expires_at, used_at, score) VALUES ($1, $2, now() + interval '1 day', now(), 5)`, [
        call.id,
        hashFeedbackToken(randomBytes(32).toString('base64url')),
      ]);
    const [{ count }] = await rows<{ count: number }>(
      `SELECT count(*)::int AS count FROM feedback f JOIN calls c ON c.id = f.call_id JOIN topics t ON t.id = c.topic_id WHERE t.key = 'firearms' AND f.used_at IS NOT NULL`,
    );
    expect(count).toBe(6);
    const second = textOf((await get(api.baseUrl, '/what-came-of-it/firearms?lang=en')).html);
    expect(second).toContain('Answers received: fewer than 5.');
    // A process that never cached it counts them.
    const { api: fresh } = await env.startApi();
    expect(textOf((await get(fresh.baseUrl, '/what-came-of-it/firearms?lang=en')).html)).toContain('Answers received: 6. Share satisfied (4 or 5): 100.0%.');
  });

  describe('in Chromium', () => {
    it('has no accessibility violations on the index and a topic page, in nb and en', async () => {
      const page = await browser.newPage();
      for (const [path, shot] of [
        ['/what-came-of-it', 'public-report-index-nb.png'],
        ['/what-came-of-it?lang=en', 'public-report-index-en.png'],
        ['/what-came-of-it/passport', 'public-report-topic-nb.png'],
        ['/what-came-of-it/passport?lang=en', 'public-report-topic-en.png'],
      ] as const) {
        expect((await page.goto(`${api.baseUrl}${path}`))!.status()).toBe(200);
        expect(await accessibilityViolations(page)).toEqual([]);
        await page.screenshot({ path: join(SCREENSHOTS, shot), fullPage: true });
      }
      await page.close();
    });

    it("leads from the feedback page, after the answer, to the topic's page", async () => {
      const [call] = await callsOf('passport', 1, 20);
      const token = randomBytes(32).toString('base64url');
      await env.db.query(`INSERT INTO feedback (call_id, token_hash, expires_at) VALUES ($1, $2, now() + interval '1 day')`, [call!.id, hashFeedbackToken(token)]);
      const page = await browser.newPage();
      await page.goto(`${api.baseUrl}/feedback/${token}?lang=en`);
      await page.getByLabel('4 – Satisfied').check();
      await page.getByRole('button', { name: 'Send feedback' }).click();
      const link = page.getByRole('link', { name: 'See what came of what callers told us about Passport and ID card' });
      await link.waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, 'feedback-answered-link.png'), fullPage: true });
      await link.click();
      await page.waitForURL(/\/what-came-of-it\/passport\?lang=en$/);
      expect(await page.textContent('h1')).toBe('What came of it: Passport and ID card');
      await page.close();
    });

    it('the answer sent without script gets the notice with the same link', async () => {
      const [call] = await callsOf('passport', 1, 21);
      const token = randomBytes(32).toString('base64url');
      await env.db.query(`INSERT INTO feedback (call_id, token_hash, expires_at) VALUES ($1, $2, now() + interval '1 day')`, [call!.id, hashFeedbackToken(token)]);
      const response = await fetch(`${api.baseUrl}/feedback/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'score=5' });
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('<a href="/what-came-of-it/passport">Se hva som kom ut av det de som ringte fortalte oss om Pass og ID-kort</a>');
    });
  });
});
