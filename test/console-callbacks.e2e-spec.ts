import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FollowUpView } from '@fc/contracts';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { eventually, type ApiClient } from './support/api-client.js';
import { agentsFor, signIn, type SignedInAgent } from './support/agents.js';
import { SCREENSHOTS, accessibilityViolations, cspViolations, launchChromium, signInAt } from './support/browser.js';
import { TestEnvironment } from './support/test-environment.js';

/**
 * Callbacks are calls (DESIGN §11), in the console: the agent is offered a callback and told so,
 * waits while the platform dials with what happened before in view, and talks once the caller
 * answers; a failed dial gives the agent back to the queue. The wall counts callbacks waiting and
 * being dialled; a callback nobody reached is sent again from the follow-up panel, and a refusal
 * is shown. One try per callback here (CALLBACK_MAX_ATTEMPTS=1), so one unanswered dial makes it
 * unreachable. The caller's number is given to the platform only: no page may show it.
 */
describe('the web console: callbacks', () => {
  const NUMBER = '+4791230077';
  let env: TestEnvironment;
  let api: ApiClient;
  let browser: Browser;
  /** The agent's workspace and the supervisor's wall, each in a browser context of its own. */
  let page: Page;
  let wall: Page;
  let agent: SignedInAgent;
  let supervisor: string;
  let sequence = 0;
  const findings: Record<string, string[]> = {};
  const watched: string[][] = [];

  beforeAll(async () => {
    env = await TestEnvironment.create({ OFFER_TIMEOUT_SEC: '60', QUALITY_SAMPLE_RATE: '0', CALLBACK_MAX_ATTEMPTS: '1', FOLLOW_UP_SWEEP_SEC: '1' });
    ({ api } = await env.startApi());
    await env.startWorker();
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    agent = await signIn(api, (await agentsFor(env, 'passport'))[0]!);
    supervisor = (await api.login('super01')).accessToken;
    browser = await launchChromium();
    const agentContext = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    watched.push(await cspViolations(agentContext));
    page = await agentContext.newPage();
    await signInAt(page, api.baseUrl, agent.username, { home: /\/agent$/ });
    const wallContext = await browser.newContext({ viewport: { width: 1600, height: 1200 } });
    watched.push(await cspViolations(wallContext));
    wall = await wallContext.newPage();
    await signInAt(wall, api.baseUrl, 'super01', { home: /\/supervisor$/ });
    await wall.locator('[data-testid="queue-table"] tr[data-topic="passport"]').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  /** A caller who leaves their number and chooses to be called back while nobody is free (a virtual hold): the callback call's id, and the original's. */
  const virtualHold = async () => {
    const arrival = await api.telephony('/calls', { externalId: `console-cb-${Date.now()}-${++sequence}`, callerNumber: NUMBER, topicKey: 'passport', language: 'nb' });
    expect(arrival.status).toBe(201);
    const held = await api.telephony<{ callbackCallId: string }>(`/calls/${arrival.body.callId}/callback`);
    expect(held.status).toBe(200);
    return { original: arrival.body.callId, callback: held.body.callbackCallId };
  };
  const setAgentState = async (button: 'Ledig' | 'Pause', state: 'available' | 'break') => {
    await page.getByRole('button', { name: button, exact: true }).click();
    // Going available while a callback waits may reserve the agent for it at once (CI saw only reserved).
    const states = state === 'available' ? ['available', 'reserved'] : [state];
    await page
      .locator(states.map((s) => `[data-testid="agent-state"][data-state="${s}"]`).join(', '))
      .first()
      .waitFor();
  };
  const onWall = async (testId: string, expected: string) =>
    eventually(async () => ((await wall.getByTestId(testId).textContent()) === expected ? true : undefined), `${testId} = ${expected} on the wall`, 5000);
  const dialResult = async (callId: string, result: string) => expect((await api.telephony(`/calls/${callId}/dial-result`, { result })).status).toBe(200);
  const stateOf = async (callId: string) => (await env.db.query<{ state: string }>('SELECT state FROM calls WHERE id = $1', [callId])).rows[0]!.state;
  /** Neither the number as dialled nor its national digits appear anywhere in the page's markup. */
  const showsNoNumber = async (on: Page) => expect(await on.content()).not.toContain(NUMBER.slice(3));

  it('offers the agent a callback, marked as one, shows the earlier call while the caller is dialled, and the call once they answer', async () => {
    await setAgentState('Pause', 'break');
    const { callback } = await virtualHold();
    await onWall('callbacks-waiting-passport', '1');
    await onWall('dialling-passport', '0');
    // The callback has nobody on the line: it is not a caller waiting.
    expect(await wall.getByTestId('waiting-passport').textContent()).toBe('0');

    await setAgentState('Ledig', 'available');
    const offer = page.getByTestId('offer');
    await offer.waitFor({ timeout: 10_000 });
    await expect(offer.getAttribute('data-direction')).resolves.toBe('callback');
    await offer.getByRole('heading', { name: 'Innringer som skal ringes opp' }).waitFor();
    await expect(offer.getByTestId('offer-callback').textContent()).resolves.toBe('Tilbakeringing, forsøk 1');
    findings.offer = await accessibilityViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'agent-callback-offer.png') });

    await offer.getByRole('button', { name: 'Ta samtalen' }).click();
    const dialling = page.getByTestId('dialling');
    await dialling.getByRole('heading', { name: 'Ringer opp innringeren …' }).waitFor();
    await eventually(async () => ((await stateOf(callback)) === 'dialling' ? true : undefined), 'the callback being dialled');
    // Nothing to end or transfer before the caller answers.
    await expect(page.getByRole('button', { name: 'Avslutt samtalen' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Sett over' }).count()).resolves.toBe(0);
    await expect(dialling.getByTestId('dialling-attempt').textContent()).resolves.toBe('1');
    // What happened before: the call it calls back, and its journey.
    const earlier = dialling.getByTestId('earlier-call');
    await expect(earlier.getByTestId('earlier-topic').textContent()).resolves.toBe('Pass og ID-kort');
    await expect(earlier.getByTestId('earlier-ended').textContent()).resolves.toMatch(/^Tilbakeringing bestilt \d\d[.:]\d\d[.:]\d\d$/);
    await expect(earlier.getByTestId('earlier-waited').textContent()).resolves.toMatch(/^\d+:\d\d$/);
    await earlier.getByText(/^Alle hendelser \(\d+\)$/).click();
    await earlier.locator('[data-testid="journey-events"] tr[data-type="callback_requested"]').waitFor();
    await expect(earlier.locator('[data-testid="journey-events"] tr[data-type="arrived"]').count()).resolves.toBe(1);
    await onWall('dialling-passport', '1');
    await onWall('callbacks-waiting-passport', '0');
    await showsNoNumber(page);
    findings.dialling = await accessibilityViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'agent-callback-dialling.png'), fullPage: true });
    // Accepting a callback is not an offer taken away (by now the wall has heard of the dial: so would the agent's socket).
    await expect(page.getByText('Tilbudet ble trukket tilbake.').count()).resolves.toBe(0);

    await dialResult(callback, 'answered');
    const call = page.getByTestId('active-call');
    await call.waitFor({ timeout: 5000 });
    await expect(call.getByTestId('call-callback').textContent()).resolves.toBe('Tilbakeringing');
    await expect(call.getByTestId('earlier-topic').textContent()).resolves.toBe('Pass og ID-kort');
    await onWall('dialling-passport', '0');
    await showsNoNumber(page);
    findings.call = await accessibilityViolations(page);

    await call.getByRole('button', { name: 'Avslutt samtalen' }).click();
    await page.getByTestId('wrap-up').waitFor();
    await page.getByLabel('Løst', { exact: true }).check();
    await page.getByLabel('Jeg forklarte hva politiet kan og ikke kan gjøre').check();
    await page.getByRole('button', { name: 'Registrer utfall' }).click();
    await page.getByTestId('wrap-up').waitFor({ state: 'detached' });
    await expect(stateOf(callback)).resolves.toBe('completed');
  });

  it('gives the agent back to the queue when the caller does not answer, and the supervisor sends the unreachable callback again', async () => {
    await setAgentState('Pause', 'break');
    const { original, callback } = await virtualHold();
    await onWall('callbacks-waiting-passport', '1');
    await setAgentState('Ledig', 'available');
    await page.getByTestId('offer').getByRole('button', { name: 'Ta samtalen' }).click({ timeout: 10_000 });
    await page.getByTestId('dialling').waitFor();
    await onWall('dialling-passport', '1');

    await dialResult(callback, 'no_answer');
    // The one try allowed here went unanswered: the agent is free again, without doing anything.
    await page.getByTestId('dialling').waitFor({ state: 'detached', timeout: 5000 });
    await page.getByText('Du er ledig og får neste samtale som passer deg.').waitFor();
    await page.locator('[data-testid="agent-state"][data-state="available"]').waitFor();
    await expect(stateOf(callback)).resolves.toBe('unreachable');
    await onWall('dialling-passport', '0');
    await onWall('callbacks-waiting-passport', '0');

    // The callback is the supervisor's now: open, nobody's, with the call nobody reached.
    const { rows } = await env.db.query<{ id: string }>(`SELECT id FROM follow_ups WHERE call_id = $1 AND kind = 'callback'`, [original]);
    expect(rows).toHaveLength(1);
    const followUpId = rows[0]!.id;
    const row = wall.locator(`[data-testid="follow-ups"] tr[data-follow-up="${followUpId}"]`);
    await row.locator('[data-testid="callback-state"][data-state="unreachable"]').waitFor({ timeout: 10_000 });
    await expect(row.getByTestId('callback-control').textContent()).resolves.toBe('Ikke nådd forsøk: 1 Send på nytt');
    await showsNoNumber(wall);
    findings.wall = await accessibilityViolations(wall);
    await wall.screenshot({ path: join(SCREENSHOTS, 'supervisor-callbacks.png'), fullPage: true });

    // Sent again while the agent is on a break: a new callback call waits in the queue.
    await setAgentState('Pause', 'break');
    await row.getByRole('button', { name: 'Send på nytt' }).click();
    await row.locator('[data-testid="callback-state"][data-state="queued"]').waitFor({ timeout: 5000 });
    await expect(row.getByTestId('callback-control').textContent()).resolves.toBe('I kø forsøk: 0');
    await onWall('callbacks-waiting-passport', '1');
    const sent = (await api.request<FollowUpView>('GET', `/api/follow-ups/${followUpId}`, undefined, { token: supervisor })).body;
    expect({ status: sent.status, state: sent.callback?.state, dialAttempts: sent.callback?.dialAttempts }).toEqual({ status: 'in_progress', state: 'queued', dialAttempts: 0 });
    expect(sent.callback!.callId).not.toBe(callback);
    await showsNoNumber(wall);
  });

  it("shows the agent's own callback follow-up with its call, and the refusal when it is already under way", async () => {
    const { rows } = await env.db.query<{ id: string; callback_call_id: string }>(`SELECT id, callback_call_id FROM follow_ups WHERE kind = 'callback' AND status = 'in_progress'`);
    expect(rows).toHaveLength(1);
    const { id: followUpId, callback_call_id: callback } = rows[0]!;
    // The callback sent again is taken, and its caller not reached either. It waits in the queue, so
    // the agent is offered it the moment they are available: the state may pass 'available' unseen.
    await page.getByRole('button', { name: 'Ledig', exact: true }).click();
    await page.getByTestId('offer').getByRole('button', { name: 'Ta samtalen' }).click({ timeout: 10_000 });
    await page.getByTestId('dialling').waitFor();
    await dialResult(callback, 'no_answer');
    await page.getByTestId('dialling').waitFor({ state: 'detached', timeout: 5000 });
    await setAgentState('Pause', 'break');

    // A supervisor gives the callback to the agent, who sees it, the call nobody reached, and its button.
    const { rows: users } = await env.db.query<{ user_id: string }>('SELECT user_id FROM agents WHERE id = $1', [agent.agentId]);
    expect((await api.request('PATCH', `/api/follow-ups/${followUpId}`, { ownerUserId: users[0]!.user_id }, { token: supervisor })).status).toBe(200);
    await page.reload();
    const mine = page.getByRole('region', { name: 'Mine oppfølginger' });
    await mine.locator('[data-testid="callback-state"][data-state="unreachable"]').waitFor({ timeout: 10_000 });
    await expect(mine.getByTestId('callback-control').textContent()).resolves.toBe('Ikke nådd forsøk: 1 Send på nytt');

    // Meanwhile the supervisor sends it: the agent's button, pressed before their list is read again, is refused, and says why.
    expect((await api.request('POST', `/api/follow-ups/${followUpId}/callback`, undefined, { token: supervisor })).status).toBe(200);
    await mine.getByRole('button', { name: 'Send på nytt' }).click();
    await mine.getByRole('alert').getByText('Ble ikke sendt: A callback call for this follow-up is already under way').waitFor();
    // The list read again shows the call under way, and no button.
    await mine.locator('[data-testid="callback-state"][data-state="queued"]').waitFor();
    await expect(mine.getByRole('button', { name: 'Send på nytt' }).count()).resolves.toBe(0);
    const { rows: calls } = await env.db.query<{ count: number }>(`SELECT count(*)::int AS count FROM calls WHERE direction = 'callback' AND state = 'queued'`);
    expect(calls).toEqual([{ count: 1 }]);
    await showsNoNumber(page);
    findings.mine = await accessibilityViolations(page);
  });

  it("lives within the api's Content-Security-Policy and has no serious or critical accessibility violations on the views it went through", async () => {
    expect(watched.flat()).toEqual([]);
    expect(findings).toEqual({ offer: [], dialling: [], call: [], wall: [], mine: [] });
  });
});
