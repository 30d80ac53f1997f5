import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import type { ApiClient } from './support/api-client.js';
import { agentsFor, signIn, type SignedInAgent } from './support/agents.js';
import { SCREENSHOTS, launchChromium, signInAt } from './support/browser.js';
import { TestEnvironment, type ApiProcess } from './support/test-environment.js';


/**
 * The api behind a supervisor's wall dies and comes back. The wall must say plainly that it is
 * disconnected, reconnect by itself, and show what changed meanwhile (from the fresh snapshot),
 * not what it last saw.
 */
describe('the web console when its api goes away and comes back', () => {
  let env: TestEnvironment;
  let spawned: ApiProcess;
  let port: number;
  /** Another api on the same database and Redis, to act while the wall's api is down. */
  let other: ApiClient;
  let agent: SignedInAgent;
  let browser: Browser;
  let wall: Page;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    spawned = await env.spawnApi();
    port = Number(new URL(spawned.api.baseUrl).port);
    ({ api: other } = await env.startApi());
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    agent = await signIn(other, (await agentsFor(env, 'passport'))[0]!);
    browser = await launchChromium();
    wall = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
    await signInAt(wall, spawned.api.baseUrl, 'super01');
    await wall.locator('[data-testid="queue-table"]').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('follows a change made through another api process', async () => {
    expect((await other.setState(agent.token, 'available')).status).toBe(200);
    await wall.locator(`li[data-agent="${agent.username}"][data-state="available"]`).waitFor({ timeout: 1000 });
  });

  it('shows a banner while its api is gone, and nothing else pretends to be live', async () => {
    spawned.child.kill('SIGKILL');
    await wall.getByTestId('disconnected-banner').waitFor({ timeout: 10_000 });
    expect(await wall.getByTestId('disconnected-banner').textContent()).toBe('Forbindelsen er brutt. Vi kobler til igjen – det du ser kan være utdatert.');
    // Meanwhile the floor changes.
    expect((await other.setState(agent.token, 'break', 'meeting')).status).toBe(200);
    await wall.screenshot({ path: join(SCREENSHOTS, 'supervisor-disconnected.png') });
    expect(await wall.locator(`li[data-agent="${agent.username}"]`).getAttribute('data-state')).toBe('available');
  });

  it('reconnects by itself when the api is back, and rebuilds the floor from the new snapshot', async () => {
    spawned = await env.spawnApi({}, { port });
    await wall.getByTestId('disconnected-banner').waitFor({ state: 'detached', timeout: 15_000 });
    await wall.getByText('Tilkoblet igjen. Visningen er oppdatert.').waitFor();
    await wall.locator(`li[data-agent="${agent.username}"][data-state="break"]`).waitFor({ timeout: 1000 });
    // And it is live again.
    expect((await other.setState(agent.token, 'available')).status).toBe(200);
    await wall.locator(`li[data-agent="${agent.username}"][data-state="available"]`).waitFor({ timeout: 1000 });
  });
});
