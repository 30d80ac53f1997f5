import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AgentSkillsAdminView, SkillView, TopicAdminView, UserAdminView } from '@fc/contracts';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import type { ApiClient } from './support/api-client.js';
import { SCREENSHOTS, accessibilityViolations, launchChromium, signInAt } from './support/browser.js';
import { TestEnvironment } from './support/test-environment.js';

describe('the web console: the administrator', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let browser: Browser;
  let page: Page;
  let adminToken: string;
  const findings: Record<string, string[]> = {};
  const asAdmin = () => ({ token: adminToken });
  const get = async <T>(path: string) => (await api.request<T>('GET', path, undefined, asAdmin())).body;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    ({ api } = await env.startApi());
    adminToken = (await api.login('admin')).accessToken;
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  const section = async (name: string, heading: string) => {
    await page.getByRole('navigation', { name: 'Deler av administrasjonen' }).getByRole('link', { name }).click();
    await page.getByRole('heading', { level: 2, name: heading }).waitFor();
  };

  it('signs the administrator in to the administration, topics first, in Norwegian', async () => {
    await signInAt(page, api.baseUrl, 'admin');
    await page.waitForURL(/\/admin$/);
    await page.getByRole('heading', { level: 1, name: 'Administrasjon' }).waitFor();
    await page.locator('[data-testid="topics-table"] tr[data-topic="firearms"]').waitFor();
    expect(await page.locator('[data-testid="topics-table"] tbody tr').count()).toBe(10);
    expect(await page.getByTestId('strategy-firearms').textContent()).toBe('Mest kompetent, deretter lengst ledig');
    expect(await page.getAttribute('html', 'lang')).toBe('nb');
    findings.topics = await accessibilityViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-topics.png'), fullPage: true });
  });

  it('edits a topic’s escalation steps and strategy; the api shows the api’s refusal first, then keeps the change', async () => {
    await page.getByRole('button', { name: 'Rediger Våpen' }).click();
    await page.getByRole('heading', { name: 'Rediger tema: Våpen' }).waitFor();
    const steps = page.getByTestId('steps-table');
    expect(await steps.locator('tbody tr').count()).toBe(3);
    findings.topicEditor = await accessibilityViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-topic-editor.png'), fullPage: true });

    // Out of order: step 2 after step 3. The api refuses, the form says why, and nothing changes.
    await page.getByRole('spinbutton', { name: 'Trinn 2 Etter (s)' }).fill('200');
    await page.getByRole('button', { name: 'Lagre endringene' }).click();
    const problem = page.getByTestId('api-problem');
    await problem.waitFor();
    expect(await problem.textContent()).toContain('Tjenesten avviste endringen (400):escalationSteps must be in strictly increasing afterSec');
    await expect(page.evaluate('document.activeElement?.getAttribute("role")')).resolves.toBe('alert');
    const unchanged = (await get<TopicAdminView[]>('/api/admin/topics')).find((t) => t.key === 'firearms')!;
    expect(unchanged.escalationSteps).toEqual([
      { afterSec: 0, minProficiency: 4 },
      { afterSec: 45, minProficiency: 3 },
      { afterSec: 120, offerCallback: true },
    ]);

    // Reorder, add two steps, remove one, change the strategy: all by keyboard-reachable buttons.
    await page.getByRole('button', { name: 'Flytt trinn 2 ned' }).click();
    await expect(page.evaluate('document.activeElement?.getAttribute("aria-label")')).resolves.toBe('Flytt trinn 3 opp');
    await page.getByRole('button', { name: 'Legg til trinn' }).click();
    await page.getByRole('spinbutton', { name: 'Trinn 4 Etter (s)' }).fill('300');
    await page.getByRole('combobox', { name: 'Trinn 4 Minstenivå' }).selectOption('2');
    await page.getByRole('checkbox', { name: 'Trinn 4 Generalister også' }).check();
    await page.getByRole('button', { name: 'Legg til trinn' }).click();
    expect(await steps.locator('tbody tr').count()).toBe(5);
    await page.getByRole('button', { name: 'Fjern trinn 5' }).click();
    expect(await steps.locator('tbody tr').count()).toBe(4);
    await page.getByLabel('Lengst ledig', { exact: true }).check();
    await page.getByRole('button', { name: 'Lagre endringene' }).click();

    await page.getByText('Våpen: Lagret. Gjelder fra neste rutingrunde.').waitFor();
    expect(await page.getByTestId('strategy-firearms').textContent()).toBe('Lengst ledig');
    // The focus is back on the button that opened the editor.
    await expect(page.evaluate('document.activeElement?.getAttribute("aria-label")')).resolves.toBe('Rediger Våpen');

    const firearms = (await get<TopicAdminView[]>('/api/admin/topics')).find((t) => t.key === 'firearms')!;
    expect({ strategy: firearms.strategy, escalationSteps: firearms.escalationSteps }).toEqual({
      strategy: 'longest_idle',
      escalationSteps: [
        { afterSec: 0, minProficiency: 4 },
        { afterSec: 120, offerCallback: true },
        { afterSec: 200, minProficiency: 3 },
        { afterSec: 300, minProficiency: 2, includeGeneralists: true },
      ],
    });
    // Only what changed was sent, and the audit log says so.
    const { rows } = await env.db.query(`SELECT data FROM audit_log WHERE action = 'topic.update' ORDER BY at DESC LIMIT 1`);
    expect(rows[0].data).toEqual({ key: 'firearms', changed: ['strategy', 'escalationSteps'] });
  });

  it('creates a topic that the list and the api then show', async () => {
    await page.getByRole('button', { name: 'Nytt tema' }).click();
    await page.getByRole('heading', { name: 'Nytt tema' }).waitFor();
    await page.getByLabel('Nøkkel').fill('weapons_amnesty');
    await page.getByLabel('Navn på norsk').fill('Våpenamnesti');
    await page.getByLabel('Navn på engelsk').fill('Weapons amnesty');
    await page.getByLabel('Ferdighet').selectOption('firearms');
    await page.getByRole('button', { name: 'Legg til trinn' }).click();
    await page.getByRole('combobox', { name: 'Trinn 1 Minstenivå' }).selectOption('3');
    await page.getByRole('button', { name: 'Opprett tema' }).click();
    await page.getByText('Temaet Våpenamnesti er opprettet. Lagret. Gjelder fra neste rutingrunde.').waitFor();
    await page.locator('[data-testid="topics-table"] tr[data-topic="weapons_amnesty"]').waitFor();
    const created = (await get<TopicAdminView[]>('/api/admin/topics')).find((t) => t.key === 'weapons_amnesty');
    expect(created).toMatchObject({ nameNb: 'Våpenamnesti', nameEn: 'Weapons amnesty', skillKey: 'firearms', minProficiency: 1, escalationSteps: [{ afterSec: 0, minProficiency: 3 }], active: true });
  });

  it('adds a skill, after showing why a wrongly keyed one was refused', async () => {
    await section('Ferdigheter', 'Ferdigheter');
    expect(await page.locator('[data-testid="skills-language"] tbody tr').count()).toBe(6);
    findings.skills = await accessibilityViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-skills.png'), fullPage: true });

    const form = page.getByTestId('skill-form');
    await form.getByLabel('Type').selectOption('language');
    await form.getByLabel('Nøkkel').fill('finnish');
    await form.getByLabel('Navn på norsk').fill('Finsk');
    await form.getByLabel('Navn på engelsk').fill('Finnish');
    await form.getByRole('button', { name: 'Legg til' }).click();
    await form.getByText('Language skills, and only they, are keyed lang:<code>').waitFor();

    await form.getByLabel('Nøkkel').fill('lang:fi');
    await form.getByRole('button', { name: 'Legg til' }).click();
    await form.getByText('Ferdigheten Finsk (lang:fi) er lagt til.').waitFor();
    await page.locator('[data-testid="skills-language"] tr[data-skill="lang:fi"]').waitFor();
    expect(await form.getByTestId('api-problem').count()).toBe(0);
    expect((await get<SkillView[]>('/api/admin/skills')).find((s) => s.key === 'lang:fi')).toEqual({ key: 'lang:fi', kind: 'language', nameNb: 'Finsk', nameEn: 'Finnish' });
  });

  it('gives an agent that skill in the matrix, by keyboard, keeping the skills the matrix does not show', async () => {
    const before = (await get<AgentSkillsAdminView[]>('/api/admin/agents')).find((a) => a.username === 'agent05')!;
    // agent05 is a generalist: the general skill is not a column, and must survive the save.
    expect(before.skills).toContainEqual({ skillKey: 'general', proficiency: 3 });
    expect(before.skills.map((s) => s.skillKey)).not.toContain('lang:fi');

    await section('Kompetansematrise', 'Kompetansematrise');
    await page.locator(`[data-testid="skill-matrix"] tr[data-agent="agent05"]`).waitFor();
    findings.matrix = await accessibilityViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-matrix.png') });

    await page.getByLabel('Lag', { exact: true }).selectOption('Lag 1');
    await page.getByLabel('Ferdighet', { exact: true }).selectOption('lang:fi');
    const rows = page.locator('[data-testid="skill-matrix"] tbody tr');
    expect(await rows.count()).toBe(10); // agents 1, 5, 9, … 37
    expect(await page.locator('[data-testid="skill-matrix"] thead th').allTextContents()).toEqual(['Språk', 'Operatør', 'Finsk', 'Lagre']);

    // One Tab stop into the grid; the arrow keys move; a digit picks the level.
    const who = `${before.displayName} (agent05)`;
    const cell = page.getByRole('combobox', { name: `Finsk, ${who}` });
    await cell.focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowDown');
    await expect(page.evaluate('document.activeElement?.getAttribute("aria-label")')).resolves.toBe(`Finsk, ${who}`);
    await page.keyboard.press('4');
    expect(await cell.inputValue()).toBe('4');
    await page.keyboard.press('ArrowRight');
    await expect(page.evaluate('document.activeElement?.getAttribute("aria-label")')).resolves.toBe(`Lagre kompetanse for ${who}`);
    await page.keyboard.press('Enter');
    await page.getByText(`Kompetansen til ${who} er lagret.`).waitFor();

    const after = (await get<AgentSkillsAdminView[]>('/api/admin/agents')).find((a) => a.username === 'agent05')!;
    const sorted = (skills: AgentSkillsAdminView['skills']) => [...skills].sort((a, b) => a.skillKey.localeCompare(b.skillKey));
    expect(sorted(after.skills)).toEqual(sorted([...before.skills, { skillKey: 'lang:fi', proficiency: 4 }]));
  });

  it('creates a user who can sign in; deactivated, they cannot', async () => {
    await section('Brukere', 'Brukere');
    await page.locator('[data-testid="users-table"] tr[data-user="agent01"]').waitFor();
    findings.users = await accessibilityViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-users.png'), fullPage: true });

    const form = page.getByTestId('create-user-form');
    await form.getByLabel('Brukernavn').fill('agent41');
    await form.getByLabel('Navn', { exact: true }).fill('Kari Nordmann');
    await form.getByLabel('Rolle').selectOption('agent');
    await form.getByLabel('Lag', { exact: true }).fill('Lag 2');
    await form.getByLabel('Endepunkt').fill('sip:agent41@pbx.example');
    await form.getByLabel('Startpassord').fill('kort');
    await form.getByRole('button', { name: 'Opprett bruker' }).click();
    await form.getByText('password must be 8-128 characters').waitFor();
    expect((await get<UserAdminView[]>('/api/admin/users')).some((u) => u.username === 'agent41')).toBe(false);

    await form.getByLabel('Startpassord').fill('velkommen-41');
    await form.getByRole('button', { name: 'Opprett bruker' }).click();
    await page.getByText('Brukeren Kari Nordmann er opprettet.').waitFor();
    await page.locator('[data-testid="users-table"] tr[data-user="agent41"][data-active="true"]').waitFor();
    const created = (await get<UserAdminView[]>('/api/admin/users')).find((u) => u.username === 'agent41')!;
    expect(created).toMatchObject({ displayName: 'Kari Nordmann', role: 'agent', team: 'Lag 2', active: true, agentId: expect.any(String) });
    expect((await get<AgentSkillsAdminView[]>('/api/admin/agents')).find((a) => a.id === created.agentId)!.endpoint).toBe('sip:agent41@pbx.example');

    // The new agent signs in, in a browser of their own.
    const newcomer = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
    await signInAt(newcomer, api.baseUrl, 'agent41', { password: 'velkommen-41' });
    await newcomer.waitForURL(/\/agent$/);
    await newcomer.getByRole('heading', { name: 'Min arbeidsflate' }).waitFor();

    // Change the team in the dialog.
    await page.getByRole('button', { name: 'Endre Kari Nordmann (agent41)' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Endre Kari Nordmann' }).waitFor();
    await dialog.getByLabel('Lag', { exact: true }).fill('Lag 3');
    await dialog.getByRole('button', { name: 'Lagre' }).click();
    await dialog.getByText('Lagret.').waitFor();
    findings.userEditor = await accessibilityViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-user-editor.png') });
    await dialog.getByRole('button', { name: 'Lukk' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect(page.evaluate('document.activeElement?.getAttribute("aria-label")')).resolves.toBe('Endre Kari Nordmann (agent41)');

    await page.getByRole('button', { name: 'Deaktiver Kari Nordmann (agent41)' }).click();
    await page.getByText('Kari Nordmann er deaktivert og kan ikke logge inn.').waitFor();
    await page.locator('[data-testid="users-table"] tr[data-user="agent41"][data-active="false"]').waitFor();
    expect((await get<UserAdminView[]>('/api/admin/users')).find((u) => u.username === 'agent41')).toMatchObject({ active: false, team: 'Lag 3' });

    // Their open session ends at their next request, and signing in again is refused.
    await newcomer.reload();
    await newcomer.waitForURL(/\/login$/);
    await signInAt(newcomer, api.baseUrl, 'agent41', { password: 'velkommen-41' });
    await newcomer.getByText('Feil brukernavn eller passord.').waitFor();
    await newcomer.context().close();
  });

  it('sets an agent’s endpoint beside their team, showing the api’s refusal first', async () => {
    const agent = (await get<AgentSkillsAdminView[]>('/api/admin/agents')).find((a) => a.username === 'agent01')!;
    await page.getByLabel('Søk etter navn eller brukernavn').fill('agent01');
    await page.getByRole('button', { name: `Endre ${agent.displayName} (agent01)` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Endepunkt').fill('pbx-7');
    await dialog.getByRole('button', { name: 'Lagre' }).click();
    await dialog.getByRole('alert').getByText('endpoint must be a sip: or sips: URI or an extension of digits').waitFor();
    await dialog.getByLabel('Endepunkt').fill('sip:agent01@pbx.example');
    await dialog.getByRole('button', { name: 'Lagre' }).click();
    await dialog.getByText('Lagret.').waitFor();
    expect((await get<AgentSkillsAdminView[]>('/api/admin/agents')).find((a) => a.username === 'agent01')!.endpoint).toBe('sip:agent01@pbx.example');
    await dialog.getByRole('button', { name: 'Lukk' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByLabel('Søk etter navn eller brukernavn').fill('');
  });

  it('switches to English on this view and back', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByRole('heading', { level: 2, name: 'Users' }).waitFor();
    await page.getByRole('button', { name: 'Deactivate Siri Vaktleder (super01)' }).waitFor();
    expect(await page.locator('[data-testid="users-table"] thead th').allTextContents()).toEqual(['Name', 'Username', 'Role', 'Team', 'Status', 'Actions']);
    await page.getByRole('navigation', { name: 'Parts of administration' }).getByRole('link', { name: 'Topics' }).click();
    await page.getByTestId('strategy-firearms').waitFor();
    expect(await page.getByTestId('strategy-firearms').textContent()).toBe('Longest idle');
    await page.getByRole('button', { name: 'Edit Firearms' }).waitFor();
    await page.getByRole('button', { name: 'Norsk' }).click();
    await page.getByRole('heading', { level: 1, name: 'Administrasjon' }).waitFor();
  });

  it('has no serious or critical accessibility violations on any admin view (axe-core)', async () => {
    expect(Object.keys(findings).sort()).toEqual(['matrix', 'skills', 'topicEditor', 'topics', 'userEditor', 'users']);
    process.stderr.write(`console-admin: axe serious/critical findings per view: ${JSON.stringify(Object.fromEntries(Object.entries(findings).map(([view, list]) => [view, list.length])))}\n`);
    expect(findings).toEqual({ topics: [], topicEditor: [], skills: [], users: [], userEditor: [], matrix: [] });
  });
});
