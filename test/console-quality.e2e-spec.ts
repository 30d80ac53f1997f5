import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AgentFeedbackView, ReviewList, ReviewView } from '@fc/contracts';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import type { ApiClient } from './support/api-client.js';
import { agentsFor, signIn, workCall, type SignedInAgent } from './support/agents.js';
import { SCREENSHOTS, accessibilityViolations, launchChromium, signInAt } from './support/browser.js';
import { TestEnvironment } from './support/test-environment.js';

/** Text as a reader sees it: non-breaking spaces (Intl's percent signs) as plain ones, trimmed. */
const plain = (text: string | null) => (text ?? '').replace(/\u00a0|\u202f/g, ' ').trim();

describe('the web console: a quality lead reviews a call that went wrong', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let browser: Browser;
  let page: Page;
  let agent: SignedInAgent;
  let agentName: string;
  let quality: string;
  let sequence = 0;
  const calls: Record<'unresolved' | 'complaint', string> = { unresolved: '', complaint: '' };
  const reviews: Record<'unresolved' | 'complaint', string> = { unresolved: '', complaint: '' };
  const findings: Record<string, string[]> = {};

  beforeAll(async () => {
    // No random sample: exactly the two calls that go wrong get a review.
    env = await TestEnvironment.create({ OFFER_TIMEOUT_SEC: '60', QUALITY_SAMPLE_RATE: '0' });
    ({ api } = await env.startApi());
    await env.startWorker();
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    agent = await signIn(api, (await agentsFor(env, 'passport', 3))[0]!);
    agentName = (await env.db.query<{ display_name: string }>('SELECT display_name FROM users WHERE username = $1', [agent.username])).rows[0]!.display_name;
    quality = (await api.login('quality01')).accessToken;
    browser = await launchChromium();
    // The metrics count days in Europe/Oslo; so does this browser, so "the last 7 days" mean the same on both sides.
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, timezoneId: 'Europe/Oslo', locale: 'nb-NO', acceptDownloads: true });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  const getReview = async (id: string) => {
    const response = await api.request<ReviewView>('GET', `/api/reviews/${id}`, undefined, { token: quality });
    expect(response.status).toBe(200);
    return response.body;
  };
  /** A call through the telephony api, answered and completed by the agent through the api with `outcome`. */
  const callEndingWith = async (outcome: string, note: string, { waitMs = 0 } = {}) => {
    // A withheld number: no feedback invitation, so the outbox drains with the follow-ups alone.
    const arrival = await api.telephony('/calls', { externalId: `console-quality-${Date.now()}-${++sequence}`, topicKey: 'passport', language: 'nb' });
    expect(arrival.status).toBe(201);
    const callId = arrival.body.callId;
    if (waitMs > 0) {
      // Nobody available yet: routing looks at the waiting caller (and widens the requirement),
      // the caller has waited `waitMs` by the time the agent comes, and the timeline has a wait to show.
      await env.routingRoundSawCall(callId);
      await env.backdateCall(callId, waitMs);
      expect((await api.setState(agent.token, 'available')).status).toBe(200);
    }
    await workCall(api, agent, callId, { outcome, expectationAligned: false, reasonCodes: ['passport_delay'], note });
    return callId;
  };

  it('has the worker create a review for an unresolved call (and one for a complaint)', async () => {
    calls.unresolved = await callEndingWith('unresolved', 'Ville ha passet før ferien; ingen ledig time.', { waitMs: 1500 });
    // The worker takes outbox jobs side by side; the queue lists the newest review first, and the
    // keyboard test below expects the complaint's above, so its review must be created second.
    await env.outboxDrained();
    calls.complaint = await callEndingWith('complaint', 'Misfornøyd med ventetiden.');
    expect((await api.setState(agent.token, 'offline')).status).toBe(200);
    await env.outboxDrained();

    const list = await api.request<ReviewList>('GET', '/api/reviews', undefined, { token: quality });
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(2);
    reviews.unresolved = list.body.items.find((r) => r.callId === calls.unresolved)!.id;
    reviews.complaint = list.body.items.find((r) => r.callId === calls.complaint)!.id;
    expect((await getReview(reviews.unresolved)).causes).toEqual(['outcome_unresolved']);
    expect((await getReview(reviews.complaint)).causes).toEqual(['complaint']);
  });

  it('signs the quality lead in to the review queue, where the review of that call is listed with its cause, topic and status', async () => {
    await signInAt(page, api.baseUrl, 'quality01', { home: /\/quality$/ });
    await page.getByRole('heading', { name: 'Gjennomgangskø', level: 1 }).waitFor();

    const row = page.locator(`tr[data-review-id="${reviews.unresolved}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-call-id')).toBe(calls.unresolved);
    await expect(page.getByTestId('review-total').textContent()).resolves.toBe('2');
    await expect(page.getByTestId('review-range').textContent()).resolves.toBe('1–2 av 2');
    expect({
      topic: await row.getByTestId('review-topic').textContent(),
      causes: await row.getByTestId('review-causes').textContent(),
      status: await row.getByTestId('review-status').textContent(),
      rootCauses: await row.getByTestId('review-root-causes').textContent(),
    }).toEqual({ topic: 'Pass og ID-kort', causes: 'Utfall: ikke løst', status: 'Åpen', rootCauses: '–' });
    findings.queue = await accessibilityViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'quality-queue.png'), fullPage: true });

    // The filters narrow the list, and live in the address bar.
    await page.getByLabel('Valgt fordi').selectOption('outcome_unresolved');
    await page.waitForURL(/cause=outcome_unresolved/);
    await page.locator(`tr[data-review-id="${reviews.complaint}"]`).waitFor({ state: 'detached' });
    await expect(page.getByTestId('review-total').textContent()).resolves.toBe('1');
    await page.getByLabel('Valgt fordi').selectOption('complaint');
    await page.locator(`tr[data-review-id="${reviews.unresolved}"]`).waitFor({ state: 'detached' });
    await page.locator(`tr[data-review-id="${reviews.complaint}"]`).waitFor();
    await page.getByLabel('Status').selectOption('done');
    await page.getByTestId('no-reviews').waitFor();
    await page.getByRole('button', { name: 'Nullstill filtrene' }).click();
    // The list is read again after the reset: wait for its rows, then count them.
    await page.locator(`tr[data-review-id="${reviews.unresolved}"]`).waitFor();
    await page.locator(`tr[data-review-id="${reviews.complaint}"]`).waitFor();
    await expect(page.locator('[data-testid="review-queue"] tbody tr').count()).resolves.toBe(2);
  });

  it('opens the review by keyboard and shows the call’s journey as a timeline, with the outcome and the agent’s note', async () => {
    // Newest first: the complaint, then the unresolved call. Arrow down moves to it, Enter opens it.
    await page.locator('a.review-link').first().focus();
    await page.keyboard.press('ArrowDown');
    await expect(page.evaluate('document.activeElement.closest("tr").dataset.reviewId')).resolves.toBe(reviews.unresolved);
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/quality/reviews/${reviews.unresolved}$`));
    await page.getByRole('heading', { name: 'Gjennomgang: Pass og ID-kort', level: 1 }).waitFor();
    await expect(page.evaluate('document.activeElement.tagName')).resolves.toBe('H1');

    const segments = page.locator('[data-testid="timeline"] tbody tr');
    await expect(segments.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')))).resolves.toEqual(['queue', 'offer', 'talk', 'wrap_up']);
    await expect(segments.locator('th').allTextContents()).resolves.toEqual([' Ventet i kø', ' Ringte hos operatør', ' Samtale', ' Etterarbeid']);
    await expect(segments.locator('td:nth-child(6)').allTextContents()).resolves.toEqual(['sendt til en operatør', 'besvart', 'samtalen ble avsluttet', 'utfall registrert']);
    await expect(segments.locator('td:nth-child(4)').allTextContents()).resolves.toEqual(['–', agentName, agentName, agentName]);
    await expect(page.getByTestId('timeline-offers').textContent()).resolves.toBe('1');
    // The waits are the api's, as m:ss: at least the 1.5 s the caller waited with nobody available.
    const { timeline } = await getReview(reviews.unresolved);
    expect(timeline.waitingSec).toBeGreaterThanOrEqual(1.5);
    const mss = (sec: number) => `${Math.floor(sec / 60)}:${String(Math.floor(sec % 60)).padStart(2, '0')}`;
    await expect(page.getByTestId('waiting-total').textContent()).resolves.toBe(mss(timeline.waitingSec));
    await expect(segments.locator('td:nth-child(5)').first().textContent()).resolves.toBe(mss(timeline.segments[0]!.durationSec!));
    await expect(page.getByTestId('call-outcome').textContent()).resolves.toBe('Ikke løst');
    await expect(page.getByTestId('call-note').textContent()).resolves.toBe('Ville ha passet før ferien; ingen ledig time.');
    await expect(page.getByTestId('review-selected').textContent()).resolves.toBe('Utfall: ikke løst');
    // Every event of the journey log is there too, in order.
    await page.getByText('Alle hendelser (', { exact: false }).click();
    const eventRows = page.locator('[data-testid="journey-events"] tbody tr');
    // While nobody was available the routing widened the requirement (how many steps depends on the topic's plan): each says which step.
    const widened = await eventRows.locator('xpath=self::tr[@data-type="escalated"]/td[4]').allTextContents();
    expect(widened.length).toBeGreaterThan(0);
    for (const text of widened) expect(text).toMatch(/^til trinn \d+ i eskaleringen · minst nivå \d/);
    await expect(eventRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-type')).filter((type) => type !== 'escalated'))).resolves.toEqual([
      'arrived',
      'queued',
      'offered',
      'connected',
      'talk_ended',
      'outcome_recorded',
      'follow_up_created',
      'follow_up_created',
    ]);
    findings.review = await accessibilityViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'quality-review.png'), fullPage: true });
  });

  it('says why it will not mark the review done without a root cause, and changes nothing', async () => {
    // Reviews and follow-ups only: a read by the page (on a window focus, say) may add to the audit log.
    const findingsNow = async () => {
      const { reviews: r, follow_ups: f } = await env.fingerprint();
      return { reviews: r, follow_ups: f };
    };
    const before = await findingsNow();
    await page.getByLabel('Ferdig', { exact: true }).check();
    await page.getByRole('button', { name: 'Lagre', exact: true }).click();
    await page.getByTestId('review-problem').getByText('Velg minst én rotårsak før gjennomgangen settes til ferdig.', { exact: true }).waitFor();
    expect(await findingsNow()).toEqual(before);
  });

  it('tags a root cause, writes feedback to the agent and a learning, saves it done; the api has them', async () => {
    await page.getByLabel('Ikke avstemte forventninger').check();
    await page.getByLabel('Tilbakemelding til operatøren').fill('Si tidlig hva politiet kan og ikke kan gjøre raskere.');
    await page.getByLabel('Læring', { exact: true }).fill('Innringere om passtider trenger avslutningsrådet lest opp i sin helhet.');
    await page.getByLabel('Del læringen med alle').check();
    // Saved from the keyboard, from inside the form.
    await page.getByLabel('Læring', { exact: true }).focus();
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('review-saved').getByText('Lagret.').waitFor();
    await expect(page.getByTestId('review-page-status').textContent()).resolves.toBe('Ferdig');
    await expect(page.getByTestId('reviewer').textContent()).resolves.toBe('Ansvarlig: Knut Kvalitet');
    // Done is final: the findings are shown, no longer offered for editing.
    await expect(page.getByTestId('tagged-root-causes').locator('li').allTextContents()).resolves.toEqual(['Ikke avstemte forventninger']);
    await expect(page.getByTestId('given-feedback').textContent()).resolves.toBe('Si tidlig hva politiet kan og ikke kan gjøre raskere.');
    await expect(page.getByTestId('root-causes').count()).resolves.toBe(0);
    findings.reviewDone = await accessibilityViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'quality-review-done.png'), fullPage: true });

    const review = await getReview(reviews.unresolved);
    expect(review).toMatchObject({
      status: 'done',
      rootCauses: ['expectation_mismatch'],
      agentFeedback: 'Si tidlig hva politiet kan og ikke kan gjøre raskere.',
      learning: 'Innringere om passtider trenger avslutningsrådet lest opp i sin helhet.',
      learningShared: true,
      reviewer: { username: 'quality01' },
    });
    // The agent whose call it was now sees the feedback.
    const feedback = await api.request<AgentFeedbackView[]>('GET', '/api/agents/me/feedback', undefined, { token: agent.token });
    expect(feedback.body.map((f) => [f.reviewId, f.agentFeedback])).toEqual([[reviews.unresolved, 'Si tidlig hva politiet kan og ikke kan gjøre raskere.']]);

    // Back to the queue, to the row just reviewed, which says so.
    await page.getByRole('link', { name: 'Tilbake til køen' }).click();
    await page.waitForURL(/\/quality$/);
    const row = page.locator(`tr[data-review-id="${reviews.unresolved}"]`);
    await row.getByTestId('review-status').getByText('Ferdig').waitFor();
    await expect(row.getByTestId('review-root-causes').textContent()).resolves.toBe('Ikke avstemte forventninger');
    await expect(page.evaluate('document.activeElement.closest("tr")?.dataset.reviewId')).resolves.toBe(reviews.unresolved);
  });

  it('shows the api’s refusal plainly when someone else finished the review meanwhile (409), and shows the review as it is', async () => {
    await page.locator(`tr[data-review-id="${reviews.complaint}"] a.review-link`).click();
    await page.getByRole('heading', { name: 'Gjennomgang: Pass og ID-kort', level: 1 }).waitFor();
    await expect(page.getByTestId('review-page-status').textContent()).resolves.toBe('Åpen');
    // A colleague takes it and finishes it with "tone" while this page is open.
    const elsewhere = await api.request<ReviewView>('PATCH', `/api/reviews/${reviews.complaint}`, { take: true, rootCauses: ['tone'], status: 'done' }, { token: quality });
    expect(elsewhere.status).toBe(200);

    await page.getByLabel('Feil valg i talemenyen').check();
    await page.getByRole('button', { name: 'Lagre', exact: true }).click();
    await page
      .getByTestId('review-problem')
      .getByText(
        'Endringen passer ikke med hvordan gjennomgangen står nå – noen kan ha endret den. Vi har hentet den på nytt. (A done review is final: its root causes cannot change (its learning and sharing still can))',
        { exact: true },
      )
      .waitFor();
    await page.getByTestId('review-page-status').getByText('Ferdig').waitFor();
    await expect(page.getByTestId('tagged-root-causes').locator('li').allTextContents()).resolves.toEqual(['Tone og væremåte']);
    expect((await getReview(reviews.complaint)).rootCauses).toEqual(['tone']);
  });

  it('shows the tagged cause in the insights, by topic as a chart and with the same figures as a table', async () => {
    await page.getByRole('link', { name: 'Rotårsaker' }).click();
    await page.getByRole('heading', { name: 'Rotårsaker', level: 1 }).waitFor();
    const table = page.getByTestId('insights-by-topic');
    await table.waitFor();
    await expect(table.locator('thead th').allTextContents()).resolves.toEqual(['Tema', 'Ikke avstemte forventninger', 'Tone og væremåte', 'Ferdige gjennomganger']);
    await expect(table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent)))).resolves.toEqual([['Pass og ID-kort', '1', '1', '2']]);
    // The chart draws the same: one bar segment per cause, named in the legend.
    await expect(page.locator('figure.chart').first().locator('.recharts-legend-item-text').allTextContents()).resolves.toEqual(['Ikke avstemte forventninger', 'Tone og væremåte']);
    await expect(page.locator('figure.chart').first().locator('.recharts-bar-rectangle').count()).resolves.toBe(2);
    // Narrowed to another topic, nothing.
    await page.getByLabel('Tema', { exact: true }).selectOption('firearms');
    await page.getByTestId('no-insights').waitFor();
    await page.getByLabel('Tema', { exact: true }).selectOption('');
    await table.waitFor();
    findings.insights = await accessibilityViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'quality-insights.png'), fullPage: true });
  });

  it('loads the metrics history as a table and downloads the same rows as CSV with a header row', async () => {
    await page.getByRole('link', { name: 'Nøkkeltall' }).click();
    await page.getByRole('heading', { name: 'Nøkkeltall', level: 1 }).waitFor();
    const passport = page.locator('[data-testid="metrics-table"] tr[data-topic="passport"]');
    await passport.waitFor();
    const figure = async (row: typeof passport, name: string) => plain(await row.locator(`td[data-figure="${name}"]`).textContent());
    expect({
      offered: await figure(passport, 'offered'),
      answered: await figure(passport, 'answered'),
      abandoned: await figure(passport, 'abandoned'),
      fcr: await figure(passport, 'fcr'),
      transferRate: await figure(passport, 'transferRate'),
      transferredIn: await figure(passport, 'transferredIn'),
    }).toEqual({ offered: '2', answered: '2', abandoned: '0', fcr: '0 %', transferRate: '0 %', transferredIn: '0' });
    await expect(page.locator('[data-testid="metrics-table"] tbody tr').count()).resolves.toBe(1);
    findings.metrics = await accessibilityViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'quality-metrics.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Last ned CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^metrics-topic-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await readFile((await download.path())!, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]!.split(',').slice(0, 8)).toEqual(['topicKey', 'offered', 'answered', 'abandoned', 'shortAbandons', 'serviceLevel', 'serviceLevel.numerator', 'serviceLevel.denominator']);
    expect(lines[0]!.split(',')).toContain('fcr.denominator');
    expect(lines[1]!.split(',').slice(0, 5)).toEqual(['passport', '2', '2', '0', '0']);
    await page.getByTestId('download-status').getByText(`CSV-filen ${download.suggestedFilename()} er lastet ned.`).waitFor();

    // By agent: the one agent who took both calls.
    await page.getByLabel('Grupper etter').selectOption('agent');
    const byAgent = page.locator(`[data-testid="metrics-table"] tr[data-agent="${agent.username}"]`);
    await byAgent.waitFor();
    expect(await figure(byAgent, 'answered')).toBe('2');
    // Grouping by interval needs an interval: said before anything is asked of the api.
    await page.getByLabel('Grupper etter').selectOption('interval');
    await page.getByText('Velg et tidsintervall for å gruppere etter tidsintervall.').waitFor();
    await page.getByLabel('Del opp i').selectOption('1d');
    await page.locator('[data-testid="metrics-table"] tbody tr').first().waitFor();
    await expect(page.locator('[data-testid="metrics-table"] tbody tr').count()).resolves.toBe(1);
  });

  it('switches to English on the quality lead’s view', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Metrics', level: 1 }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByRole('link', { name: 'Reviews' }).click();
    await page.getByRole('heading', { name: 'Review queue', level: 1 }).waitFor();
    const row = page.locator(`tr[data-review-id="${reviews.unresolved}"]`);
    await row.waitFor();
    expect({
      causes: await row.getByTestId('review-causes').textContent(),
      status: await row.getByTestId('review-status').textContent(),
      rootCauses: await row.getByTestId('review-root-causes').textContent(),
    }).toEqual({ causes: 'Outcome: unresolved', status: 'Done', rootCauses: 'Expectation mismatch' });
    await expect(page.getByRole('columnheader').allTextContents()).resolves.toEqual(['Created', 'Topic', 'Selected because', 'Agent', 'Outcome', 'Status', 'Due', 'Root causes', 'Reviewer']);
    findings.english = await accessibilityViolations(page);
    await page.getByRole('button', { name: 'Norsk' }).click();
    await page.getByRole('heading', { name: 'Gjennomgangskø', level: 1 }).waitFor();
  });

  it('has no serious or critical accessibility violations on the queue, the review, the insights and the metrics (axe-core)', () => {
    expect(findings).toEqual({ queue: [], review: [], reviewDone: [], insights: [], metrics: [], english: [] });
  });
});
