import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ReviewList } from '@fc/contracts';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import type { ApiClient } from './support/api-client.js';
import { agentsFor, signIn, workCall } from './support/agents.js';
import { SCREENSHOTS, accessibilityViolations, launchChromium, signInAt } from './support/browser.js';
import { TestEnvironment } from './support/test-environment.js';

interface ActionRow {
  id: string;
  title: string;
  status: string;
  origin_kind: string;
  origin_review_id: string | null;
  origin_insight: { from: string; to: string; interval?: string } | null;
  kind: string;
  result: string | null;
  effective_at: Date | null;
  topics: string[];
  causes: string[];
}

describe('the web console: a quality lead opens improvement actions from the insights and from a review, and carries one out', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let browser: Browser;
  let page: Page;
  let quality: string;
  let reviewId: string;
  const findings: Record<string, string[]> = {};
  const opened: Record<'insight' | 'review', string> = { insight: '', review: '' };

  beforeAll(async () => {
    env = await TestEnvironment.create({ OFFER_TIMEOUT_SEC: '60', QUALITY_SAMPLE_RATE: '0' });
    ({ api } = await env.startApi());
    await env.startWorker();
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    quality = (await api.login('quality01')).accessToken;
    // One call that went wrong, reviewed to a root cause: what the insights show.
    const agent = await signIn(api, (await agentsFor(env, 'passport', 3))[0]!);
    expect((await api.setState(agent.token, 'available')).status).toBe(200);
    const arrival = await api.telephony('/calls', { externalId: `console-actions-${Date.now()}`, topicKey: 'passport', language: 'nb' });
    await workCall(api, agent, arrival.body.callId, { outcome: 'unresolved', expectationAligned: false });
    expect((await api.setState(agent.token, 'offline')).status).toBe(200);
    await env.outboxDrained();
    reviewId = (await api.request<ReviewList>('GET', '/api/reviews', undefined, { token: quality })).body.items[0]!.id;
    expect((await api.request('PATCH', `/api/reviews/${reviewId}`, { take: true, rootCauses: ['tone'] }, { token: quality })).status).toBe(200);
    expect((await api.request('PATCH', `/api/reviews/${reviewId}`, { status: 'done' }, { token: quality })).status).toBe(200);

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, timezoneId: 'Europe/Oslo', locale: 'nb-NO' });
    page = await context.newPage();
    await signInAt(page, api.baseUrl, 'quality01', { home: /\/quality$/ });
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  const action = async (id: string) =>
    (
      await env.db.query<ActionRow>(
        `SELECT a.id, a.title, a.status, a.origin_kind, a.origin_review_id, a.origin_insight, a.kind, a.result, a.effective_at,
                ARRAY(SELECT t.key FROM improvement_action_topics x JOIN topics t ON t.id = x.topic_id WHERE x.action_id = a.id) AS topics,
                ARRAY(SELECT x.root_cause_id FROM improvement_action_root_causes x WHERE x.action_id = a.id) AS causes
           FROM improvement_actions a WHERE a.id = $1`,
        [id],
      )
    ).rows[0]!;
  /** Fills the form's texts and creates the action; returns its id from the page it lands on. */
  const create = async (title: string, description: string) => {
    await page.getByLabel('Tittel').fill(title);
    await page.getByLabel('Hva endres').fill(description);
    await page.getByRole('button', { name: 'Opprett tiltaket' }).click();
    await page.waitForURL(/\/quality\/actions\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
    return page.url().split('/').pop()!;
  };

  it('opens an action from a row of the root-cause insights, prefilled with its topic, root cause and period', async () => {
    await page.getByRole('link', { name: 'Rotårsaker' }).click();
    await page.getByRole('heading', { name: 'Rotårsaker', level: 1 }).waitFor();
    await page.getByText('Alle tall i tabell').click();
    await page.getByRole('link', { name: 'Opprett tiltak for Pass og ID-kort: Tone og væremåte' }).click();
    await page.getByRole('heading', { name: 'Nytt forbedringstiltak', level: 1 }).waitFor();
    await expect(page.getByTestId('action-origin').textContent()).resolves.toMatch(/^Fra rotårsaksinnsikten: Pass og ID-kort, Tone og væremåte, /);
    await expect(page.getByTestId('action-topics').getByLabel('Pass og ID-kort').isChecked()).resolves.toBe(true);
    await expect(page.getByTestId('action-root-causes').getByLabel('Tone og væremåte').isChecked()).resolves.toBe(true);
    await page.getByLabel('Type').selectOption('training');
    findings.form = await accessibilityViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'quality-action-new.png'), fullPage: true });

    opened.insight = await create('Opplæring i tone for passamtaler', 'Alle på pass får en time om tone når innringeren er misfornøyd');
    const row = await action(opened.insight);
    expect(row).toMatchObject({ status: 'planned', origin_kind: 'insight', origin_review_id: null, kind: 'training', topics: ['passport'], causes: ['tone'] });
    expect(row.origin_insight).toMatchObject({ interval: 'week' });
    expect(Date.parse(row.origin_insight!.to) - Date.parse(row.origin_insight!.from)).toBeGreaterThan(29 * 86_400_000);
  });

  it('opens an action from a review, naming the review', async () => {
    await page.goto(`${api.baseUrl}/quality/reviews/${reviewId}`);
    await page.getByRole('link', { name: 'Opprett tiltak' }).click();
    await page.getByRole('heading', { name: 'Nytt forbedringstiltak', level: 1 }).waitFor();
    await expect(page.getByTestId('action-origin').textContent()).resolves.toBe('Fra en gjennomgang');
    await expect(page.getByTestId('action-root-causes').getByLabel('Tone og væremåte').isChecked()).resolves.toBe(true);
    opened.review = await create('Avslutningsveiledning for pass', 'Operatørene sier hva innringeren må ta med til timen');
    expect(await action(opened.review)).toMatchObject({ origin_kind: 'review', origin_review_id: reviewId, topics: ['passport'], causes: ['tone'] });
  });

  it('lists both, the overdue one first with its mark', async () => {
    await env.db.query(`UPDATE improvement_actions SET due_at = now() - interval '1 hour' WHERE id = $1`, [opened.review]);
    await page.getByRole('link', { name: 'Tiltak', exact: true }).click();
    await page.getByRole('heading', { name: 'Forbedringstiltak', level: 1 }).waitFor();
    const rows = page.getByTestId('improvement-actions').locator('tbody tr');
    await rows.nth(1).waitFor();
    await expect(rows.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-action-id'), tr.getAttribute('data-timing')]))).resolves.toEqual([
      [opened.review, 'overdue'],
      [opened.insight, 'on_track'],
    ]);
    await expect(rows.first().getByText('Forfalt').count()).resolves.toBe(1);
    await expect(page.getByRole('heading', { name: '2 tiltak, 1 forfalt' }).count()).resolves.toBe(1);
    findings.list = await accessibilityViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'quality-actions.png'), fullPage: true });
  });

  it('starts an action and marks it done with what was done; its history shows each change', async () => {
    await page.getByRole('link', { name: 'Opplæring i tone for passamtaler' }).click();
    await page.getByRole('heading', { name: 'Opplæring i tone for passamtaler', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Start arbeidet' }).click();
    await page.getByTestId('action-page-status').getByText('Under arbeid').waitFor();
    await page.getByLabel('Hva ble gjort').fill('Opplæringen holdt for alle på pass');
    await page.getByLabel('Virket fra').fill('2026-12-01T08:00');
    await page.getByRole('button', { name: 'Marker som gjennomført' }).click();
    await page.getByTestId('action-page-status').getByText('Gjennomført').waitFor();
    await expect(
      page
        .getByTestId('action-history')
        .locator(':scope > li')
        .evaluateAll((items) => items.map((li) => li.getAttribute('data-kind'))),
    ).resolves.toEqual(['created', 'updated', 'updated']);
    const row = await action(opened.insight);
    expect(row).toMatchObject({ status: 'done', result: 'Opplæringen holdt for alle på pass' });
    // 08:00 in Oslo on 1 December is 07:00 UTC.
    expect(row.effective_at!.toISOString()).toBe('2026-12-01T07:00:00.000Z');
    findings.action = await accessibilityViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'quality-action.png'), fullPage: true });
  });

  it('shows what the done action did to its topic, and lists the done actions by effect', async () => {
    // Still on the done action: its effect, measured when asked and kept on the action.
    const effect = page.getByTestId('action-effect');
    await effect.getByRole('heading', { name: 'Virket det?', level: 2 }).waitFor();
    const fcr = effect.locator('tr[data-figure="fcr"]');
    await fcr.getByText('For få samtaler til å si noe ennå').waitFor();
    const kept = await env.db.query<{ measured: Date | null }>(`SELECT effect_measured_at AS measured FROM improvement_actions WHERE id = $1`, [opened.insight]);
    expect(kept.rows[0]!.measured).not.toBeNull();
    findings.effect = await accessibilityViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'quality-action-effect.png'), fullPage: true });

    await page.getByRole('link', { name: 'Tilbake til tiltakene' }).first().click();
    await page.getByRole('heading', { name: 'Forbedringstiltak', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Etter effekt' }).click();
    await page.getByRole('heading', { name: 'Gjennomførte tiltak etter effekt', level: 1 }).waitFor();
    const rows = page.getByTestId('actions-by-effect').locator('tbody tr');
    await rows.first().waitFor();
    await expect(rows.evaluateAll((items) => items.map((tr) => tr.getAttribute('data-action-id')))).resolves.toEqual([opened.insight]);
    await rows.first().getByText('For få samtaler til å si noe ennå').waitFor();
    findings.byEffect = await accessibilityViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'quality-actions-by-effect.png'), fullPage: true });
  });

  it('lets a supervisor follow the actions up from their own menu and cancel one with a reason', async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, timezoneId: 'Europe/Oslo', locale: 'nb-NO' });
    const supervisorPage = await context.newPage();
    await signInAt(supervisorPage, api.baseUrl, 'super01', { home: /\/supervisor$/ });
    await supervisorPage.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Tiltak' }).click();
    await supervisorPage.getByRole('heading', { name: 'Forbedringstiltak', level: 1 }).waitFor();
    await supervisorPage.getByRole('link', { name: 'Avslutningsveiledning for pass' }).click();
    await supervisorPage.waitForURL(`${api.baseUrl}/actions/${opened.review}`);
    // Reviews are the quality leads': the supervisor sees where the action came from, without a link into it.
    await expect(supervisorPage.getByRole('link', { name: 'Åpne gjennomgangen' }).count()).resolves.toBe(0);
    await supervisorPage.getByLabel('Hvorfor avlyst').fill('Dekkes av den nasjonale opplæringen');
    await supervisorPage.getByRole('button', { name: 'Avlys tiltaket' }).click();
    await supervisorPage.getByTestId('action-page-status').getByText('Avlyst').waitFor();
    expect(await action(opened.review)).toMatchObject({ status: 'cancelled' });
    findings.supervisor = await accessibilityViolations(supervisorPage);
    await supervisorPage.screenshot({ path: join(SCREENSHOTS, 'supervisor-action.png'), fullPage: true });
    await context.close();
  });

  it('has no serious or critical accessibility violations on the form, the list, one action, its effect and the list by effect (axe-core)', () => {
    expect(findings).toEqual({ form: [], list: [], action: [], effect: [], byEffect: [], supervisor: [] });
  });
});
