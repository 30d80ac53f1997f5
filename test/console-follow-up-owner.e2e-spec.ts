import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { eventually, type ApiClient } from './support/api-client.js';
import { agentsFor, signIn, workCall, type SignedInAgent } from './support/agents.js';
import { SCREENSHOTS, accessibilityViolations, cspViolations, launchChromium, signInAt } from './support/browser.js';
import { TestEnvironment } from './support/test-environment.js';

/**
 * The supervisor gives a follow-up to a person from the wall's follow-up panel, and takes it from
 * its owner: here a callback an agent promised (an unresolved call with a known number), given to a
 * colleague, left with nobody, and given back. The people offered are the active users; someone
 * deactivated meanwhile is refused by the api, and the panel says why. The callback's own control
 * stays beside it.
 */
describe('the web console: assigning follow-ups', () => {
  const NUMBER = '+4791230088';
  let env: TestEnvironment;
  let api: ApiClient;
  let browser: Browser;
  let wall: Page;
  let promiser: SignedInAgent;
  let colleague: { username: string; userId: string };
  let followUpId: string;
  const findings: Record<string, string[]> = {};
  let csp: string[] = [];

  beforeAll(async () => {
    env = await TestEnvironment.create({ QUALITY_SAMPLE_RATE: '0' });
    ({ api } = await env.startApi());
    await env.startWorker();
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    const [first, second] = await agentsFor(env, 'passport');
    promiser = await signIn(api, first!);
    const { rows } = await env.db.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [second]);
    colleague = { username: second!, userId: rows[0]!.id };

    // The agent could not help the caller and promised to call back: a callback follow-up of theirs, open.
    expect((await api.setState(promiser.token, 'available')).status).toBe(200);
    const arrival = await api.telephony('/calls', { externalId: `console-owner-${Date.now()}`, callerNumber: NUMBER, topicKey: 'passport', language: 'nb' });
    expect(arrival.status).toBe(201);
    await workCall(api, promiser, arrival.body.callId, { outcome: 'unresolved', expectationAligned: true });
    expect((await api.setState(promiser.token, 'offline')).status).toBe(200);
    followUpId = await eventually(async () => {
      const { rows: found } = await env.db.query<{ id: string }>(`SELECT id FROM follow_ups WHERE call_id = $1 AND kind = 'callback' AND status = 'open'`, [arrival.body.callId]);
      return found[0]?.id;
    }, 'the callback follow-up');

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1600, height: 1200 } });
    csp = await cspViolations(context);
    wall = await context.newPage();
    await signInAt(wall, api.baseUrl, 'super01', { home: /\/supervisor$/ });
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  const row = () => wall.locator(`[data-testid="follow-ups"] tr[data-follow-up="${followUpId}"]`);
  const ownerShown = (expected: string) => eventually(async () => ((await row().getByTestId('follow-up-owner').textContent()) === expected ? true : undefined), `the owner shown as ${expected}`);
  const ownerStored = async () => (await env.db.query<{ owner_user_id: string | null }>('SELECT owner_user_id FROM follow_ups WHERE id = $1', [followUpId])).rows[0]!.owner_user_id;
  const userIdOf = async (username: string) => (await env.db.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [username])).rows[0]!.id;
  /** How the select names a person: as the administrators' user list does. */
  const optionOf = async (username: string) =>
    `${(await env.db.query<{ display_name: string }>('SELECT display_name FROM users WHERE username = $1', [username])).rows[0]!.display_name} (${username})`;

  it('gives a callback to a colleague, takes it from them, and gives it back, each stored and shown', async () => {
    await row().waitFor({ timeout: 10_000 });
    await ownerShown(promiser.username);
    // The callback's own control is still there: not called yet, and its button.
    await expect(row().getByTestId('callback-control').textContent()).resolves.toBe('Ikke ringt ennå Ring tilbake');
    const select = row().getByLabel('Tildel til');
    // The owner is preselected; giving it to them again would change nothing.
    await expect(select.inputValue()).resolves.toBe(await userIdOf(promiser.username));
    await expect(row().getByRole('button', { name: 'Tildel', exact: true }).isDisabled()).resolves.toBe(true);
    // Agents first, grouped by role; the placeholder, then every active user once.
    const groups = await select.locator('optgroup').evaluateAll((list) => list.map((group) => group.getAttribute('label')));
    expect(groups[0]).toBe('operatør');
    expect(groups).toEqual(expect.arrayContaining(['vaktleder', 'kvalitetsleder']));
    const { rows: active } = await env.db.query<{ count: number }>('SELECT count(*)::int AS count FROM users WHERE active');
    await expect(select.locator('option').count()).resolves.toBe(active[0]!.count + 1);
    findings.owned = await accessibilityViolations(wall);

    await select.selectOption({ label: await optionOf(colleague.username) });
    await row().getByRole('button', { name: 'Tildel', exact: true }).click();
    await ownerShown(colleague.username);
    await expect(ownerStored()).resolves.toBe(colleague.userId);
    const { rows: audit } = await env.db.query<{ actor_user_id: string; data: { ownerUserId: string } }>(
      `SELECT actor_user_id, data FROM audit_log WHERE action = 'follow_up.update' AND entity_id = $1 ORDER BY at`,
      [followUpId],
    );
    expect(audit.map((entry) => [entry.actor_user_id, entry.data.ownerUserId])).toEqual([[await userIdOf('super01'), colleague.userId]]);
    await wall.screenshot({ path: join(SCREENSHOTS, 'supervisor-follow-up-assigned.png'), fullPage: true });

    await row().getByRole('button', { name: 'Fjern eier' }).click();
    await ownerShown('Ingen');
    await expect(ownerStored()).resolves.toBeNull();
    await expect(row().getByRole('button', { name: 'Fjern eier' }).count()).resolves.toBe(0);
    findings.unowned = await accessibilityViolations(wall);

    await select.selectOption({ label: await optionOf(promiser.username) });
    await row().getByRole('button', { name: 'Tildel', exact: true }).click();
    await ownerShown(promiser.username);
    await expect(ownerStored()).resolves.toBe(await userIdOf(promiser.username));
    // The promiser sees it among their own again.
    const mine = await api.request<{ items: { id: string }[] }>('GET', '/api/follow-ups?status=open', undefined, { token: promiser.token });
    expect(mine.body.items.map((item) => item.id)).toContain(followUpId);
    // Still open, and still nobody's call: assigning sends no callback.
    const { rows } = await env.db.query<{ status: string; callback_call_id: string | null }>('SELECT status, callback_call_id FROM follow_ups WHERE id = $1', [followUpId]);
    expect(rows).toEqual([{ status: 'open', callback_call_id: null }]);
  });

  it("shows the api's refusal when the person chosen was deactivated meanwhile, and changes nothing", async () => {
    const admin = (await api.login('admin')).accessToken;
    expect((await api.request('PATCH', `/api/admin/users/${colleague.userId}`, { active: false }, { token: admin })).status).toBe(200);
    // The panel read its people before: the colleague is still offered.
    await row()
      .getByLabel('Tildel til')
      .selectOption({ label: await optionOf(colleague.username) });
    await row().getByRole('button', { name: 'Tildel', exact: true }).click();
    await row().getByRole('alert').getByText('Ble ikke endret: ownerUserId is not an active user').waitFor();
    await ownerShown(promiser.username);
    await expect(ownerStored()).resolves.toBe(await userIdOf(promiser.username));
    const { rows } = await env.db.query<{ count: number }>(`SELECT count(*)::int AS count FROM audit_log WHERE action = 'follow_up.update' AND entity_id = $1`, [followUpId]);
    expect(rows).toEqual([{ count: 3 }]);
    findings.refused = await accessibilityViolations(wall);
  });

  it('speaks English too', async () => {
    await wall.getByRole('button', { name: 'English' }).click();
    await row().getByLabel('Assign to').waitFor();
    await row().getByRole('button', { name: 'Assign', exact: true }).waitFor();
    await row().getByRole('button', { name: 'Unassign' }).waitFor();
    await row().getByRole('alert').getByText('Not changed: ownerUserId is not an active user').waitFor();
    await wall.getByRole('button', { name: 'Norsk' }).click();
    await row().getByLabel('Tildel til').waitFor();
  });

  it("lives within the api's Content-Security-Policy and has no serious or critical accessibility violations on the panel", async () => {
    expect(csp).toEqual([]);
    expect(findings).toEqual({ owned: [], unowned: [], refused: [] });
  });
});
