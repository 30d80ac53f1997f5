import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { type Browser, type Page, type WebSocketRoute } from 'playwright-core';
import { eventually, type ApiClient } from './support/api-client.js';
import { agentWithout, agentsFor, signIn, type SignedInAgent } from './support/agents.js';
import { SCREENSHOTS, accessibilityViolations, launchChromium, signInAt } from './support/browser.js';
import { openSocket, type AgentSocket } from './support/sockets.js';
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

/**
 * An agent's own console loses its connection (issue 14). After an outage longer than the grace
 * the agent has been taken off the phones and their offer given back; once the console is back it
 * says so, until they choose to be available again. Within the grace nothing changes but the
 * "connection lost" banner, and the offer is still there when it is back.
 */
describe("an agent's console whose connection drops", () => {
  let env: TestEnvironment;
  /** The api the first console talks to, killed and brought back on its port. */
  let spawned: ApiProcess;
  let port: number;
  /** An api that stays: it notices the lost console and serves the second console. */
  let other: ApiClient;
  let browser: Browser;
  let agent: SignedInAgent;
  let sequence = 0;
  const sockets: AgentSocket[] = [];

  beforeAll(async () => {
    env = await TestEnvironment.create({ CONSOLE_LOST_GRACE_SEC: '4', OFFER_TIMEOUT_SEC: '120' });
    spawned = await env.spawnApi();
    port = Number(new URL(spawned.api.baseUrl).port);
    ({ api: other } = await env.startApi());
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    agent = await signIn(other, (await agentsFor(env, 'passport'))[0]!);
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await browser?.close();
    await env?.close();
  });

  const openDesk = async (baseUrl: string, prepare: (page: Page) => Promise<void> = async () => undefined) => {
    const desk = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await prepare(desk);
    await signInAt(desk, baseUrl, agent.username, { home: /\/agent$/ });
    await desk.getByTestId('agent-state').waitFor();
    return desk;
  };
  const offerACall = async (desk: Page) => {
    const { body } = await other.telephony('/calls', { externalId: `drop-${Date.now()}-${++sequence}`, topicKey: 'passport', language: 'nb' });
    await desk.getByTestId('offer').waitFor({ timeout: 10_000 });
    return body.callId;
  };
  const agentRow = async () => (await env.db.query<{ state: string; state_reason: string | null }>(`SELECT state, state_reason FROM agents WHERE id = $1`, [agent.agentId])).rows[0]!;
  const revocations = async (callId: string) => (await env.db.query<{ data: object }>(`SELECT data FROM call_events WHERE call_id = $1 AND type = 'offer_revoked'`, [callId])).rows.map((r) => r.data);
  /** Declines the offer on the desk and lets its caller hang up, so the next test starts with none. */
  const letGo = async (desk: Page, callId: string) => {
    await desk.getByRole('button', { name: 'Avvis' }).click();
    await desk.getByTestId('offer').waitFor({ state: 'detached' });
    expect((await other.telephony(`/calls/${callId}/hangup`)).status).toBe(200);
  };
  let first: Page;

  it('after an outage longer than the grace, says the agent was taken off the phones, until they choose available again', async () => {
    first = await openDesk(spawned.api.baseUrl);
    await first.getByRole('button', { name: 'Ledig', exact: true }).click();
    await first.locator('[data-testid="agent-state"][data-state="available"]').waitFor();
    const callId = await offerACall(first);

    spawned.child.kill('SIGKILL');
    await first.getByTestId('disconnected-banner').waitFor({ timeout: 5000 });
    await eventually(async () => ((await agentRow()).state_reason === 'console_lost' ? true : undefined), 'the agent taken off the phones', 15_000);
    // The caller is back in the queue, not waiting out the ring.
    expect((await env.db.query(`SELECT state FROM calls WHERE id = $1`, [callId])).rows[0]).toEqual({ state: 'queued' });
    expect(await revocations(callId)).toEqual([{ reason: 'console_lost' }]);

    spawned = await env.spawnApi({}, { port });
    const notice = first.getByTestId('console-lost');
    await notice.waitFor({ timeout: 15_000 });
    await first.getByTestId('disconnected-banner').waitFor({ state: 'detached' });
    expect(await notice.getByRole('heading').textContent()).toBe('Du er tatt av telefonen');
    await expect(notice.textContent()).resolves.toContain('Forbindelsen til arbeidsflaten din var borte i mer enn noen sekunder');
    await expect(first.getByTestId('offer').count()).resolves.toBe(0);
    await expect(first.getByTestId('agent-state').getAttribute('data-state')).resolves.toBe('offline');
    await expect(accessibilityViolations(first)).resolves.toEqual([]);
    await first.screenshot({ path: join(SCREENSHOTS, 'agent-console-lost.png') });

    await notice.getByRole('button', { name: 'Sett meg som ledig igjen' }).click();
    await notice.waitFor({ state: 'detached' });
    // Available, or already reserved for the caller waiting in the queue, which may come first.
    await first.locator('[data-testid="agent-state"][data-state="available"], [data-testid="agent-state"][data-state="reserved"]').waitFor();
    expect(await agentRow()).toEqual({ state: expect.stringMatching(/^(available|reserved)$/), state_reason: null });
    // The caller's call comes back to the agent, now that they are on the phones again.
    await first.getByTestId('offer').waitFor({ timeout: 10_000 });
    expect((await other.me(agent.token)).body.offer?.callId).toBe(callId);
    await letGo(first, callId);
  });

  it('keeps the offer through an outage shorter than the grace, and shows nothing but the connection banner', async () => {
    // This desk's sockets go through the test, which can cut them as a dropped network would.
    const open = new Set<{ page: WebSocketRoute; server: WebSocketRoute }>();
    const desk = await openDesk(other.baseUrl, (page) =>
      page.routeWebSocket(/\/socket\.io\//, (ws) => {
        const pair = { page: ws, server: ws.connectToServer() };
        open.add(pair);
        ws.onClose(() => {
          open.delete(pair);
          void pair.server.close();
        });
      }),
    );
    await desk.locator('[data-testid="agent-state"][data-state="available"]').waitFor();
    // The first desk goes; this one stays, so the agent still has a console.
    await first.context().close();
    const callId = await offerACall(desk);

    for (const pair of [...open]) {
      open.delete(pair);
      await pair.server.close();
      await pair.page.close();
    }
    await desk.getByTestId('disconnected-banner').waitFor({ timeout: 5000 });
    await desk.getByText('Tilkoblet igjen. Visningen er oppdatert.').waitFor({ timeout: 10_000 });
    await desk.getByTestId('offer').waitFor();

    // A console dropped after this one, and never back, has been taken off: the grace has passed.
    const probe = await signIn(other, await agentWithout(env, 'passport'));
    const socket = openSocket<AgentSocket>(other.baseUrl, '/agent', probe.token);
    sockets.push(socket);
    await new Promise((resolve) => socket.once('state', resolve));
    expect(await socket.timeout(5000).emitWithAck('state', { state: 'available' })).toMatchObject({ ok: true });
    socket.close();
    await eventually(
      async () => {
        const { rows } = await env.db.query<{ state: string }>(`SELECT state FROM agents WHERE id = $1 AND state_reason = 'console_lost'`, [probe.agentId]);
        return rows[0]?.state === 'offline' ? true : undefined;
      },
      'the later console taken off',
      15_000,
    );

    expect(await agentRow()).toEqual({ state: 'reserved', state_reason: null });
    expect(await revocations(callId)).toEqual([]);
    await expect(desk.getByTestId('console-lost').count()).resolves.toBe(0);
    await expect(desk.getByTestId('offer').isVisible()).resolves.toBe(true);
    await letGo(desk, callId);
  });
});
