import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CallView } from '@fc/contracts';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { eventually, type ApiClient } from './support/api-client.js';
import { agentsFor } from './support/agents.js';
import { SCREENSHOTS, accessibilityViolations, cspViolations, launchChromium, signInAt } from './support/browser.js';
import { TestEnvironment } from './support/test-environment.js';

describe('the web console: an agent at work, a supervisor watching', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** The supervisor's wall, in a browser context of its own. */
  let wall: Page;
  let username: string;
  let sequence = 0;
  const findings: Record<string, string[]> = {};
  /** Content-Security-Policy violations reported in each browser context. */
  const watched: string[][] = [];

  beforeAll(async () => {
    env = await TestEnvironment.create({ OFFER_TIMEOUT_SEC: '60', QUALITY_SAMPLE_RATE: '0' });
    ({ api } = await env.startApi());
    // The worker turns a follow_up outcome into the agent's case handover.
    await env.startWorker();
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    username = (await agentsFor(env, 'passport', 3))[0]!;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    watched.push(await cspViolations(context));
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  /** How long until the wall shows `selector`, from now; fails after a second. */
  const seenOnWall = async (selector: string): Promise<number> => {
    const started = Date.now();
    await wall.locator(selector).first().waitFor({ timeout: 1000 });
    return Date.now() - started;
  };
  const latencies: number[] = [];

  const arrive = async () => {
    const arrival = await api.telephony('/calls', { externalId: `console-${Date.now()}-${++sequence}`, callerNumber: '+4791234567', topicKey: 'passport', language: 'nb' });
    expect(arrival.status).toBe(201);
    return arrival.body.callId as string;
  };

  it('is served by the api at /, in Norwegian, and signs an agent in to their workspace', async () => {
    await page.goto(`${api.baseUrl}/`);
    await page.waitForURL(/\/login$/);
    expect(await page.getAttribute('html', 'lang')).toBe('nb');
    await expect(page.getByRole('heading', { name: 'Logg inn' }).isVisible()).resolves.toBe(true);
    findings.login = await accessibilityViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'login.png') });

    await page.getByLabel('Brukernavn').fill(username);
    await page.getByLabel('Passord').fill('wrong-password');
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.getByText('Feil brukernavn eller passord.').waitFor();

    await page.getByLabel('Passord').fill('demo1234');
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.waitForURL(/\/agent$/);
    await page.getByRole('heading', { name: 'Min arbeidsflate' }).waitFor();
    await expect(page.getByTestId('agent-state').getAttribute('data-state')).resolves.toBe('offline');
  });

  it("opens the supervisor's wall in a second browser, with the queues and the agents", async () => {
    const wallContext = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    watched.push(await cspViolations(wallContext));
    wall = await wallContext.newPage();
    await signInAt(wall, api.baseUrl, 'super01', { home: /\/supervisor$/ });
    await wall.getByRole('heading', { name: 'Vaktrom' }).waitFor();
    await wall.locator('[data-testid="queue-table"] tr[data-topic="passport"]').waitFor();
    await wall.locator(`li[data-agent="${username}"]`).waitFor({ state: 'detached' });
  });

  it('goes available, gets a call created through the telephony api, takes it by keyboard, ends it and records the outcome, while the wall follows within a second', async () => {
    await page.getByRole('button', { name: 'Ledig', exact: true }).click();
    latencies.push(await seenOnWall(`li[data-agent="${username}"][data-state="available"]`));
    await page.locator('[data-testid="agent-state"][data-state="available"]').waitFor();
    findings.idle = await accessibilityViolations(page);

    // On a break nobody can take the call: the wall shows it waiting in its queue.
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    latencies.push(await seenOnWall(`li[data-agent="${username}"][data-state="break"]`));
    const callId = await arrive();
    latencies.push(await seenOnWall('[data-testid="waiting-passport"] .badge'));
    expect(await wall.getByTestId('waiting-passport').textContent()).toBe('1');
    findings.wall = await accessibilityViolations(wall);
    await wall.screenshot({ path: join(SCREENSHOTS, 'supervisor-wall.png'), fullPage: true });

    await page.getByRole('button', { name: 'Ledig', exact: true }).click();
    await page.getByTestId('offer').waitFor({ timeout: 10_000 });
    latencies.push(await seenOnWall(`li[data-agent="${username}"][data-state="reserved"]`));
    await expect(page.getByTestId('offer-topic').textContent()).resolves.toBe('Pass og ID-kort');
    findings.offer = await accessibilityViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'agent-offer.png') });

    // The accept button has the focus and Alt+A takes the call: no mouse needed.
    await expect(page.evaluate('document.activeElement?.textContent')).resolves.toBe('Ta samtalen');
    await page.keyboard.press('Alt+a');
    await page.getByTestId('active-call').waitFor();
    latencies.push(await seenOnWall(`li[data-agent="${username}"][data-state="on_call"]`));
    expect(await wall.getByTestId('waiting-passport').textContent()).toBe('0');
    await eventually(
      async () => ((await api.request<CallView>('GET', `/api/calls/${callId}`, undefined, { token: await tokenOf(username) })).body.state === 'connected' ? true : undefined),
      'the call connected',
    );
    findings.call = await accessibilityViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'agent-workspace.png') });

    await page.getByRole('button', { name: 'Avslutt samtalen' }).click();
    await page.getByTestId('wrap-up').waitFor();
    latencies.push(await seenOnWall(`li[data-agent="${username}"][data-state="wrap_up"]`));
    await page.getByText('Bekreft hva innbyggeren må ta med til timen').waitFor();
    findings.wrapUp = await accessibilityViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'agent-wrap-up.png') });

    await page.getByRole('button', { name: 'Registrer utfall' }).click();
    await page.getByText('Velg et utfall.').waitFor();
    await page.getByLabel('Løst', { exact: true }).check();
    await page.getByLabel('Jeg forklarte hva politiet kan og ikke kan gjøre').check();
    await page.getByLabel('Årsakskoder').fill('passport_booking, info_given');
    await page.getByLabel('Notat').fill('Forklarte timebestilling.');
    await page.getByRole('button', { name: 'Registrer utfall' }).click();
    await page.getByTestId('wrap-up').waitFor({ state: 'detached' });

    const call = (await api.request<CallView>('GET', `/api/calls/${callId}`, undefined, { token: await tokenOf(username) })).body;
    expect({ state: call.state, outcome: call.outcome, expectationAligned: call.expectationAligned, reasonCodes: call.reasonCodes, note: call.note }).toEqual({
      state: 'completed',
      outcome: 'resolved',
      expectationAligned: true,
      reasonCodes: ['passport_booking', 'info_given'],
      note: 'Forklarte timebestilling.',
    });
    await page.locator('[data-testid="agent-state"][data-state="available"]').waitFor();
    latencies.push(await seenOnWall(`li[data-agent="${username}"][data-state="available"]`));
    await page.getByTestId('my-day').waitFor({ timeout: 10_000 });
    // Every change above reached the wall within a second (waitFor's limit); here is how fast.
    expect(latencies).toHaveLength(7);
    process.stderr.write(`console: agent action → supervisor wall, ms: ${latencies.join(', ')}\n`);
  });

  it('lets the supervisor put an agent on a break from the wall, and the agent sees it', async () => {
    await wall
      .getByRole('button', { name: new RegExp(`^Endre: `) })
      .first()
      .waitFor();
    const name = await wall.locator(`li[data-agent="${username}"] .agent-name`).textContent();
    await wall.getByRole('button', { name: `Endre: ${name}` }).click();
    const dialog = wall.getByRole('dialog');
    await dialog.getByLabel('Sett status').selectOption('break');
    await dialog.getByRole('button', { name: 'Bruk' }).click();
    await dialog.getByText('Lagret.').waitFor();
    findings.editor = await accessibilityViolations(wall);
    await dialog.getByRole('button', { name: 'Lukk' }).click();
    await wall.locator(`li[data-agent="${username}"][data-state="break"]`).waitFor({ timeout: 1000 });
    await page.locator('[data-testid="agent-state"][data-state="break"]').waitFor({ timeout: 5000 });
    await page.getByRole('button', { name: 'Ledig', exact: true }).click();
    await page.locator('[data-testid="agent-state"][data-state="available"]').waitFor();
  });

  it('shows the agent the case handover their follow_up outcome created, and closes it with a result', async () => {
    const callId = await arrive();
    await page.getByTestId('offer').waitFor({ timeout: 10_000 });
    await page.keyboard.press('Alt+a');
    await page.getByRole('button', { name: 'Avslutt samtalen' }).click();
    await page.getByLabel('Oppfølging', { exact: true }).check();
    await page.getByRole('button', { name: 'Registrer utfall' }).click();
    await page.getByTestId('wrap-up').waitFor({ state: 'detached' });
    await env.outboxDrained();
    // The list is read when the workspace loads; the handover was made after that.
    await page.reload();
    const panel = page.getByRole('region', { name: 'Mine oppfølginger' });
    await panel.getByText('Saksoverlevering').waitFor({ timeout: 10_000 });
    await panel.getByRole('button', { name: 'Merk som ferdig' }).click();
    await panel.getByLabel('Hva ble gjort').fill('Sendt til saksbehandler i Oslo.');
    await panel.getByRole('button', { name: 'Merk som ferdig' }).click();
    await panel.waitFor({ state: 'detached' });
    const { rows } = await env.db.query<{ kind: string; status: string; result: string }>('SELECT kind, status, result FROM follow_ups WHERE call_id = $1', [callId]);
    expect(rows).toEqual([{ kind: 'case_handover', status: 'done', result: 'Sendt til saksbehandler i Oslo.' }]);
  });

  it('gives the agent a to-do when the wrap-up runs out of time, and takes the outcome afterwards', async () => {
    const callId = await arrive();
    await page.getByTestId('offer').waitFor({ timeout: 10_000 });
    await page.keyboard.press('Alt+a');
    await page.getByRole('button', { name: 'Avslutt samtalen' }).click();
    await page.getByTestId('wrap-up').waitFor();
    // The talk ended an hour ago as far as the wrap-up timeout can tell: the call completes unrecorded.
    await env.db.query(`UPDATE calls SET ended_at = now() - interval '1 hour' WHERE id = $1`, [callId]);
    await page.getByTestId('wrap-up').waitFor({ state: 'detached', timeout: 10_000 });
    // The to-do reaches the open workspace by itself, without a reload.
    const panel = page.getByRole('region', { name: 'Mine oppfølginger' });
    await panel.getByText('Registrer utfall', { exact: true }).first().waitFor({ timeout: 10_000 });
    await panel.getByRole('button', { name: 'Registrer utfall' }).click();
    await page.getByRole('heading', { name: 'Registrer utfall i ettertid' }).waitFor();
    await page.getByTestId('late-outcome').getByLabel('Løst', { exact: true }).check();
    findings.lateOutcome = await accessibilityViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'agent-late-outcome.png') });
    await page.getByTestId('late-outcome').getByRole('button', { name: 'Registrer utfall' }).click();
    await panel.waitFor({ state: 'detached' });
    const call = (await api.request<CallView>('GET', `/api/calls/${callId}`, undefined, { token: await tokenOf(username) })).body;
    expect({ state: call.state, outcome: call.outcome }).toEqual({ state: 'completed', outcome: 'resolved' });
    const { rows } = await env.db.query<{ kind: string; status: string }>('SELECT kind, status FROM follow_ups WHERE call_id = $1', [callId]);
    expect(rows).toEqual([{ kind: 'record_outcome', status: 'done' }]);
  });

  it('declines an offer by keyboard, and the call goes back to the queue', async () => {
    const callId = await arrive();
    await page.getByTestId('offer').waitFor({ timeout: 10_000 });
    await page.keyboard.press('Alt+d');
    await page.getByTestId('offer').waitFor({ state: 'detached' });
    const events = (await api.request<CallView>('GET', `/api/calls/${callId}`, undefined, { token: await supervisorToken() })).body.events!.map((e) => e.type);
    expect(events).toContain('offer_declined');
    await api.telephony(`/calls/${callId}/hangup`, {});
  });

  it('switches to English and keeps the choice', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'My workspace' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.reload();
    await page.getByRole('heading', { name: 'My workspace' }).waitFor();
    await expect(page.getByRole('button', { name: 'Available', exact: true }).isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Norsk' }).click();
    await page.getByRole('heading', { name: 'Min arbeidsflate' }).waitFor();
  });

  it("lives within the api's Content-Security-Policy on every view it went through: no violation reported", async () => {
    const response = await page.request.get(`${api.baseUrl}/`);
    expect(response.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(watched.flat()).toEqual([]);
  });

  it('has no serious or critical accessibility violations on any view it went through (axe-core)', async () => {
    expect(Object.keys(findings).sort()).toEqual(['call', 'editor', 'idle', 'lateOutcome', 'login', 'offer', 'wall', 'wrapUp']);
    expect(findings).toEqual({ login: [], idle: [], offer: [], call: [], wrapUp: [], wall: [], editor: [], lateOutcome: [] });
  });

  const tokens = new Map<string, string>();
  async function tokenOf(user: string): Promise<string> {
    if (!tokens.has(user)) tokens.set(user, (await api.login(user)).accessToken);
    return tokens.get(user)!;
  }
  const supervisorToken = () => tokenOf('super01');
});
