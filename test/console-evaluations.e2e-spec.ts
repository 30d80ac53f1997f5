import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AgentEvaluationView, CalibrationView, EvaluationFormVersionView, EvaluationFormView, EvaluationView } from '@fc/contracts';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { eventually, type ApiClient } from './support/api-client.js';
import { agentsFor, signIn, workCall, type SignedInAgent } from './support/agents.js';
import { SCREENSHOTS, accessibilityViolations, launchChromium, signInAt } from './support/browser.js';
import { TestEnvironment } from './support/test-environment.js';

/** Text as a reader sees it: non-breaking spaces (Intl's percent signs) as plain ones, trimmed. */
const plain = (text: string | null) => (text ?? '').replace(/\u00a0|\u202f/g, ' ').trim();

describe('the web console: scored evaluations', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let browser: Browser;
  let agent: SignedInAgent;
  let admin: string;
  let quality: string;
  let quality2: string;
  let quality2Id: string;
  let reviewId: string;
  let formId: string;
  let calibrationId: string;
  const findings: Record<string, string[]> = {};

  beforeAll(async () => {
    env = await TestEnvironment.create({ OFFER_TIMEOUT_SEC: '60', QUALITY_SAMPLE_RATE: '0' });
    ({ api } = await env.startApi());
    await env.startWorker();
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    // A second quality lead to calibrate with.
    await env.db.query(`INSERT INTO users (username, password_hash, role, display_name) SELECT 'quality02', password_hash, 'quality', 'Kari Kvalitet' FROM users WHERE username = 'quality01'`);
    agent = await signIn(api, (await agentsFor(env, 'passport', 3))[0]!);
    admin = (await api.login('admin')).accessToken;
    quality = (await api.login('quality01')).accessToken;
    const second = await api.login('quality02');
    quality2 = second.accessToken;
    quality2Id = second.user.id;
    browser = await launchChromium();

    expect((await api.setState(agent.token, 'available')).status).toBe(200);
    const callId = (await api.telephony('/calls', { externalId: 'console-evaluation-1', topicKey: 'passport', language: 'nb' })).body.callId;
    await workCall(api, agent, callId, { outcome: 'unresolved', expectationAligned: false });
    expect((await api.setState(agent.token, 'offline')).status).toBe(200);
    reviewId = await eventually(async () => (await env.db.query<{ id: string }>('SELECT id FROM reviews WHERE call_id = $1', [callId])).rows[0]?.id, 'the review of the unresolved call');
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  const newPage = async (): Promise<Page> => (await browser.newContext({ viewport: { width: 1360, height: 1000 }, timezoneId: 'Europe/Oslo', locale: 'nb-NO' })).newPage();

  it('an administrator edits the default form: the weight changed is saved as version 2', async () => {
    const page = await newPage();
    await signInAt(page, api.baseUrl, 'admin', { home: /\/admin$/ });
    await page.getByRole('link', { name: 'Vurderingsskjemaer' }).click();
    await page.getByRole('heading', { name: 'Vurderingsskjemaer', level: 2 }).waitFor();
    const row = page.locator('[data-testid="evaluation-forms"] tbody tr');
    // The heading comes before the forms are read: wait for the list, then count it.
    await row.first().waitFor();
    await expect(row.count()).resolves.toBe(1);
    formId = (await row.getAttribute('data-form-id'))!;
    await expect(row.getByTestId('form-version').textContent()).resolves.toBe('1');
    findings.forms = await accessibilityViolations(page);

    await page.getByRole('button', { name: 'Endre Samtalekvalitet 02800' }).click();
    await page.getByRole('heading', { name: 'Endre Samtalekvalitet 02800 (versjon 1)' }).waitFor();
    const closing = page.locator('fieldset[data-criterion="expectations_aligned"]');
    await expect(closing.getByLabel('Navn (bokmål)').inputValue()).resolves.toBe('Avslutning: forventningene avstemt');
    await closing.getByLabel('Vekt').fill('5');
    findings.formEditor = await accessibilityViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'evaluations-form-editor.png'), fullPage: true });
    await page.getByRole('button', { name: 'Lagre ny versjon' }).click();
    await page.getByTestId('form-saved').getByText('Lagret: Samtalekvalitet 02800 er nå på versjon 2.').waitFor();
    // The list is read again after the save: wait for the new version there, then read it.
    await row.getByTestId('form-version').filter({ hasText: /^2$/ }).waitFor();
    await expect(row.getByTestId('form-version').textContent()).resolves.toBe('2');

    const versions = await api.request<EvaluationFormVersionView[]>('GET', `/api/admin/evaluation-forms/${formId}/versions`, undefined, { token: admin });
    expect(versions.body.map((v) => [v.version, v.criteria.find((c) => c.key === 'expectations_aligned')!.weight])).toEqual([
      [2, 5],
      [1, 3],
    ]);
    await page.context().close();
  });

  it('a quality lead scores the review with the form: guidance shown, the weighted score live, saved with version 2', async () => {
    const page = await newPage();
    await signInAt(page, api.baseUrl, 'quality01', { home: /\/quality$/ });
    await page.goto(`${api.baseUrl}/quality/reviews/${reviewId}`);
    await page.getByRole('heading', { name: 'Vurderinger', level: 2 }).waitFor();
    await page.getByText('Ingen vurderinger ennå.').waitFor();
    await page.getByRole('button', { name: 'Vurder', exact: true }).click();
    await expect(page.getByTestId('scoring-form-version').textContent()).resolves.toBe('Samtalekvalitet 02800, versjon 2');
    const criterion = (key: string) => page.locator(`[data-testid="score-form"] fieldset[data-criterion="${key}"]`);
    await criterion('expectations_aligned').getByText('Samtalen ble lukket ordentlig', { exact: false }).waitFor();
    await expect(page.getByTestId('live-score').textContent()).resolves.toBe('–');
    await criterion('need_understood').getByLabel('4', { exact: true }).check();
    // One answer so far: 4 of 4.
    await expect(page.getByTestId('live-score').textContent().then(plain)).resolves.toBe('100 %');
    await criterion('correct_answer').getByLabel('3', { exact: true }).check();
    await criterion('expectations_aligned').getByLabel('2', { exact: true }).check();
    await criterion('proportionate_information').getByLabel('Bestått', { exact: true }).check();
    await criterion('respectful_tone').getByLabel('Bestått', { exact: true }).check();
    // Only this criterion offers n/a.
    await expect(criterion('respectful_tone').getByLabel('Ikke aktuelt').count()).resolves.toBe(0);
    await criterion('resolved_first_contact').getByLabel('Ikke aktuelt').check();
    // (3·4/4 + 3·3/4 + 5·2/4 + 2 + 2) / 15 = 78.33…% → 78.3, the n/a criterion’s weight left out.
    await expect(page.getByTestId('live-score').textContent().then(plain)).resolves.toBe('78,3 %');
    await page.getByLabel('Tilbakemelding til operatøren (valgfritt)').fill('Si hva som skjer videre før du avslutter.');
    findings.scoreForm = await accessibilityViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'evaluations-score-form.png'), fullPage: true });
    await page.getByRole('button', { name: 'Lagre vurderingen' }).click();

    const item = page.locator('[data-testid="review-evaluations"] li');
    await item.waitFor();
    await expect(item.getByTestId('evaluation-score').textContent().then(plain)).resolves.toBe('78,3 %');
    await expect(item.getByTestId('evaluation-version').textContent()).resolves.toBe('Samtalekvalitet 02800, versjon 2');
    const list = await api.request<EvaluationView[]>('GET', `/api/reviews/${reviewId}/evaluations`, undefined, { token: quality });
    expect(list.body.map((e) => [e.score, e.form.version, e.comment, e.scores.resolved_first_contact])).toEqual([[78.3, 2, 'Si hva som skjer videre før du avslutter.', 'na']]);
    findings.review = await accessibilityViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'evaluations-review.png'), fullPage: true });

    // A calibration with the second quality lead, started from the review; scored blind.
    await page.getByLabel('Kari Kvalitet').check();
    await page.getByRole('button', { name: 'Start kalibrering' }).click();
    await page.waitForURL(/\/quality\/calibrations\/[0-9a-f-]{36}$/);
    calibrationId = page.url().split('/').pop()!;
    await page.getByRole('heading', { name: 'Kalibrering: Samtalekvalitet 02800', level: 1 }).waitFor();
    await expect(page.getByTestId('calibration-status').textContent()).resolves.toBe('Åpen');
    for (const [key, label] of [
      ['need_understood', '4'],
      ['correct_answer', '4'],
      ['expectations_aligned', '4'],
      ['proportionate_information', 'Bestått'],
      ['respectful_tone', 'Bestått'],
      ['resolved_first_contact', '4'],
    ]) {
      await page.locator(`[data-testid="score-form"] fieldset[data-criterion="${key}"]`).getByLabel(label!, { exact: true }).check();
    }
    findings.calibrationOpen = await accessibilityViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'evaluations-calibration-open.png'), fullPage: true });
    await page.getByRole('button', { name: 'Lagre vurderingen' }).click();
    await expect(page.getByTestId('own-calibration-score').textContent().then(plain)).resolves.toBe('Din vurdering: 100 %. Venter på de andre.');
    // Blind: quality02 sees only who has scored.
    const blind = await api.request<CalibrationView>('GET', `/api/calibrations/${calibrationId}`, undefined, { token: quality2 });
    expect(blind.body.evaluations).toEqual([]);
    expect(blind.body.participants.map((p) => p.scored)).toEqual([true, false]);

    // quality02 scores through the api; the page, read again, shows the spread.
    const scored = await api.request<CalibrationView>(
      'POST',
      `/api/calibrations/${calibrationId}/evaluations`,
      { scores: { need_understood: 2, correct_answer: 2, expectations_aligned: 2, proportionate_information: 1, respectful_tone: 0, resolved_first_contact: 'na' } },
      { token: quality2 },
    );
    expect(scored.body.status).toBe('closed');
    expect(scored.body.evaluations.map((e) => e.evaluator.userId)).toContain(quality2Id);
    await page.reload();
    await expect(page.getByTestId('calibration-status').textContent()).resolves.toBe('Avsluttet');
    const spreadRow = (key: string) => page.locator(`[data-testid="calibration-spread"] tr[data-spread-row="${key}"]`);
    await expect(spreadRow('need_understood').locator('td').allTextContents()).resolves.toEqual(['4', '2', '2', '4', '3']);
    await expect(spreadRow('resolved_first_contact').locator('td').allTextContents()).resolves.toEqual(['4', 'Ikke aktuelt', '4', '4', '4']);
    // quality02: (3·2/4 + 3·2/4 + 5·2/4 + 2 + 0) / 15 = 7.5 / 15 = 50%; the mean of 100 and 50 is 75.
    await expect(spreadRow('total').locator('td').allTextContents()).resolves.toEqual(['100', '50', '50', '100', '75']);
    findings.calibrationClosed = await accessibilityViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'evaluations-calibration-spread.png'), fullPage: true });

    await page.getByRole('link', { name: 'Kalibrering', exact: true }).click();
    await page.locator(`[data-testid="calibrations"] tr[data-calibration-id="${calibrationId}"]`).waitFor();
    findings.calibrations = await accessibilityViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'evaluations-calibrations.png'), fullPage: true });
    await page.context().close();
  });

  it('the agent sees the evaluation in My evaluations and acknowledges it, once', async () => {
    const page = await newPage();
    await signInAt(page, api.baseUrl, agent.username, { home: /\/agent$/ });
    const section = page.locator('section.my-evaluations');
    await section.getByRole('heading', { name: 'Mine vurderinger' }).waitFor();
    const item = section.locator('li');
    await item.first().waitFor();
    // Never the calibration's two evaluations: only the one given to the agent.
    await expect(item.count()).resolves.toBe(1);
    await expect(item.getByTestId('my-evaluation-score').textContent().then(plain)).resolves.toBe('78,3 %');
    await item.getByText('Si hva som skjer videre før du avslutter.').waitFor();
    findings.agent = await accessibilityViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'evaluations-agent.png'), fullPage: true });
    await item.getByLabel('Kommentar (valgfritt)').fill('Takk, tar det med meg.');
    await item.getByRole('button', { name: 'Kvitter ut' }).click();
    await item.getByTestId('acknowledged').waitFor();
    await expect(item.getByRole('button', { name: 'Kvitter ut' }).count()).resolves.toBe(0);

    const mine = await api.request<AgentEvaluationView[]>('GET', '/api/agents/me/evaluations', undefined, { token: agent.token });
    expect(mine.body.map((e) => [e.acknowledgementComment, e.acknowledgedAt !== null])).toEqual([['Takk, tar det med meg.', true]]);
    expect((await api.request('POST', `/api/evaluations/${mine.body[0]!.id}/acknowledge`, {}, { token: agent.token })).status).toBe(409);
    await page.context().close();
  });

  it('finds no serious accessibility violations on any of the new views', () => {
    expect(findings).toEqual({ forms: [], formEditor: [], scoreForm: [], review: [], calibrationOpen: [], calibrationClosed: [], calibrations: [], agent: [] });
  });

  it('the forms the quality lead scores with are the active ones', async () => {
    const forms = await api.request<EvaluationFormView[]>('GET', '/api/evaluation-forms', undefined, { token: quality });
    expect(forms.body.map((f) => [f.id, f.version])).toEqual([[formId, 2]]);
  });
});
