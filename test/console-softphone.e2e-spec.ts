import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SoftphoneSettingsView } from '@fc/contracts';
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { eventually, type ApiClient } from './support/api-client.js';
import { agentsFor, signIn } from './support/agents.js';
import { SCREENSHOTS, accessibilityViolations, cspViolations, launchChromium, signInAt } from './support/browser.js';
import { rtpengineCommand, rtpPacketsByLeg } from '../apps/voice/src/rtpengine-ng.js';
import { freePort, TestEnvironment, TELEPHONY_KEY } from './support/test-environment.js';
import { Sipp, VoiceEdgeProcess, registerPhone, startPhone, toneAlaw } from './support/voice-edge.js';

// The console's softphone (DESIGN §12, decision 0045) with everything real: the api and worker, the
// voice edge (Kamailio and rtpengine), a SIPp caller sending a tone as plain RTP, and headless
// Chromium with its fake microphone, where JsSIP registers over the edge's WebSocket and the agent
// answers in the console. Chromium is told to gather ICE candidates on loopback too
// (--allow-loopback-in-peer-connection); it also offers this machine's own interface address, but
// the pair ICE selects is checked to be 127.0.0.1 on both ends, and no packet leaves the machine.

const SECRET = 'test-voice-webhook-secret-0123456789';
const SIP_SECRET = 'test-voice-sip-secret-0123456789abcdef';

/**
 * The browser's RTCPeerConnections, kept by the test itself (an init script around the
 * constructor): the product exposes nothing for it, and the counters are the browser's own.
 */
const KEEP_PEER_CONNECTIONS = `(() => {
  const Native = window.RTCPeerConnection;
  window.__peerConnections = [];
  window.RTCPeerConnection = class extends Native {
    constructor(...args) { super(...args); window.__peerConnections.push(this); }
  };
})();`;

interface BrowserMedia {
  packetsReceived: number;
  packetsSent: number;
  pair: string;
}

/** The latest open peer connection's audio counters and the ICE pair it uses, from getStats (null: none open). */
const READ_MEDIA = `(async () => {
  const pc = window.__peerConnections.at(-1);
  if (!pc || pc.connectionState === 'closed') return null;
  const report = await pc.getStats();
  let packetsReceived = 0;
  let packetsSent = 0;
  let pairId;
  report.forEach((r) => {
    if (r.type === 'inbound-rtp' && r.kind === 'audio') packetsReceived += r.packetsReceived ?? 0;
    if (r.type === 'outbound-rtp' && r.kind === 'audio') packetsSent += r.packetsSent ?? 0;
    if (r.type === 'transport') pairId = r.selectedCandidatePairId;
  });
  const pair = pairId ? report.get(pairId) : undefined;
  const address = (id) => (id && report.get(id)?.address) || '?';
  return { packetsReceived, packetsSent, pair: address(pair?.localCandidateId) + ' <-> ' + address(pair?.remoteCandidateId) };
})()`;

const browserMedia = (page: Page) => page.evaluate(READ_MEDIA) as Promise<BrowserMedia | null>;

/** What the latest peer connection knows of its transport, for a failure's message: states, every candidate pair, the RTP counters. */
const READ_TRANSPORT = `(async () => {
  const pc = window.__peerConnections.at(-1);
  if (!pc) return 'no peer connection';
  const report = await pc.getStats();
  const address = (id) => { const c = id && report.get(id); return c ? c.candidateType + ' ' + c.protocol + ' ' + c.address + ':' + c.port : '?'; };
  const lines = ['connection ' + pc.connectionState + ', ice ' + pc.iceConnectionState + ', signaling ' + pc.signalingState];
  report.forEach((r) => {
    if (r.type === 'candidate-pair') lines.push('pair ' + r.state + (r.nominated ? ' nominated' : '') + ': ' + address(r.localCandidateId) + ' <-> ' + address(r.remoteCandidateId) + ', requests ' + r.requestsSent + '/' + r.responsesReceived);
    if (r.type === 'transport') lines.push('transport dtls ' + r.dtlsState + ', ice ' + r.iceState + ', selected ' + r.selectedCandidatePairId);
    if (r.type === 'inbound-rtp' || r.type === 'outbound-rtp') lines.push(r.type + ' ' + r.kind + ': ' + (r.packetsReceived ?? r.packetsSent));
  });
  return lines.join('\\n');
})()`;

describe('the console softphone: an agent answers a SIPp caller in the browser, media through Kamailio and rtpengine', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let edge: VoiceEdgeProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let username: string;
  let csp: string[];
  /**
   * Where the edge dials callbacks: a SIPp trunk started before the edge and holding its port from
   * then on (a port only chosen early and bound in the callback test was taken meanwhile, now and then).
   */
  let trunk: Sipp;
  /** Agents a test has given a phone or a console: each later test takes others. */
  const taken = new Set<string>();
  const callers: Sipp[] = [];

  beforeAll(async () => {
    const webhookPort = await freePort();
    const wsPort = await freePort();
    env = await TestEnvironment.create({
      TELEPHONY_WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/platform-events`,
      TELEPHONY_WEBHOOK_SECRET: SECRET,
      TELEPHONY_WEBHOOK_RETRY_BASE_MS: '50',
      TELEPHONY_REQUIRE_ENDPOINTS: 'true',
      OFFER_TIMEOUT_SEC: '30',
      ROUTING_TICK_MS: '200',
      VOICE_SOFTPHONE_WS_URL: `ws://127.0.0.1:${wsPort}`,
      VOICE_SIP_DOMAIN: '127.0.0.1',
      VOICE_SIP_SECRET: SIP_SECRET,
    });
    ({ api } = await env.startApi());
    await env.startWorker();
    // The called person answers after 300 ms and sends back what they hear (-rtp_echo).
    const started = await startPhone('trunk.xml', ['-d', '300', '-rtp_echo', ...(process.env.VOICE_TEST_LOG ? ['-trace_msg'] : [])]);
    trunk = started.phone;
    callers.push(trunk);
    edge = await VoiceEdgeProcess.start({
      telephonyKey: TELEPHONY_KEY,
      apiUrl: api.baseUrl,
      webhookPort,
      secret: SECRET,
      media: 'rtpengine',
      wsPort,
      sipSecret: SIP_SECRET,
      extra: { VOICE_TRUNK: `127.0.0.1:${started.port}`, ...(process.env.VOICE_TEST_LOG ? { LOG_LEVEL: 'debug', VOICE_KAMAILIO_DEBUG: '2' } : {}) },
    });
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL, endpoint = NULL`);
    username = (await agentsFor(env, 'tips', 1))[0]!;
    browser = await launchChromium({ audio: 'fake' });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    csp = await cspViolations(context);
    await context.addInitScript({ content: KEEP_PEER_CONNECTIONS });
    page = await context.newPage();
  }, 60_000);
  afterAll(async () => {
    if (process.env.VOICE_TEST_LOG) writeFileSync(process.env.VOICE_TEST_LOG, edge?.log() ?? '');
    await Promise.all(callers.map((caller) => caller.stop()));
    await browser?.close();
    await edge?.stop();
    await env?.close();
  });

  /**
   * Waits for 100 RTP packets each way in `target`'s browser; failing, says what the browser,
   * rtpengine, the trunk and the edge knew then.
   */
  const mediaBothWays = (target: Page, what: string) =>
    eventually(
      async () => {
        const now = await browserMedia(target);
        return now && now.packetsReceived >= 100 && now.packetsSent >= 100 ? now : undefined;
      },
      what,
      15_000,
    ).catch(async (error: unknown) => {
      const listed = await rtpengineCommand(edge.rtpenginePort, { command: 'list' }).catch((failed: unknown) => ({ calls: [], error: String(failed) }));
      const legs = await Promise.all(((listed.calls ?? []) as string[]).map(async (id) => `${id}: ${JSON.stringify(await rtpPacketsByLeg(edge.rtpenginePort, id).catch(String))}`));
      throw new Error(
        `${String(error)}\nthe browser: ${String(await target.evaluate(READ_TRANSPORT))}\nrtpengine: ${legs.join('; ')}\ntrunk: ${JSON.stringify(trunk.statistics())}\n${trunk.text.slice(-1500)}\nthe edge:\n${edge.log().slice(-4000)}`,
      );
    });

  const endpointOf = async (name: string) =>
    (await env.db.query<{ endpoint: string | null }>('SELECT a.endpoint FROM agents a JOIN users u ON u.id = a.user_id WHERE u.username = $1', [name])).rows[0]!.endpoint;

  it('issues the agent SIP credentials for their own address only, never to be cached', async () => {
    const { accessToken } = await api.login(username);
    const response = await fetch(`${api.baseUrl}/api/agents/me/softphone`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(response.headers.get('cache-control')).toBe('no-store');
    const settings = (await response.json()) as SoftphoneSettingsView;
    expect(settings.sipUri).toBe(`sip:${username}@127.0.0.1`);
    expect(settings.authorizationUser).toMatch(new RegExp(`^\\d{10}:${username}$`));
    // What the edge checks: the HMAC of exactly that username with the secret it shares.
    expect(settings.password).toBe(createHmac('sha1', SIP_SECRET).update(settings.authorizationUser!).digest('base64'));
    expect(Date.parse(settings.credentialsExpireAt!)).toBeGreaterThan(Date.now() + 12 * 3600_000);
  });

  it("allows the console's connections to the voice edge's WebSocket, and to nowhere else", async () => {
    const html = await fetch(`${api.baseUrl}/agent`);
    const connectSrc = html.headers
      .get('content-security-policy')!
      .split(';')
      .map((d) => d.trim())
      .find((d) => d.startsWith('connect-src'));
    expect(connectSrc).toBe(`connect-src 'self' ${edge.wsUrl}`);
  });

  it('registers on sign-in, rings with the offer, answers on accept with audio both ways, and hangs up the caller when the agent ends the call', async () => {
    await signInAt(page, api.baseUrl, username, { home: /\/agent$/ });
    const status = page.getByTestId('softphone-status');
    await page.locator('[data-testid="softphone-status"][data-status="registered"]').waitFor({ timeout: 15_000 });
    await expect(status.textContent()).resolves.toBe(`Telefonen er klar: samtaler ringer her (sip:${username}@127.0.0.1).`);
    // The server set the endpoint to the address it computed, audited as the agent's own change.
    await eventually(async () => ((await endpointOf(username)) === `sip:${username}@127.0.0.1` ? true : undefined), 'the endpoint set by the softphone', 5000);
    const audit = await env.db.query<{ data: unknown; actor_role: string }>(
      `SELECT l.data, l.actor_role FROM audit_log l JOIN agents a ON a.id::text = l.entity_id JOIN users u ON u.id = a.user_id WHERE l.action = 'agent.set_endpoint' AND u.username = $1`,
      [username],
    );
    expect(audit.rows).toEqual([{ data: { from: null, to: `sip:${username}@127.0.0.1` }, actor_role: 'agent' }]);

    await page.getByRole('button', { name: 'Ledig', exact: true }).click();
    await page.locator('[data-testid="agent-state"][data-state="available"]').waitFor();

    const caller = Sipp.run('caller-until-released.xml', ['-timeout', '60s', '-timeout_error', '-s', '02800', '-inf', 'callers.csv', '-m', '1', edge.sipTarget], {
      'callers.csv': 'SEQUENTIAL\n4790000001;tips;nb\n',
      'caller-audio.alaw': toneAlaw(),
    });
    callers.push(caller);
    const [sipCallId] = caller.callIds(1);

    // The offer shows, and the phone rings for it.
    await page
      .getByTestId('offer')
      .waitFor({ timeout: 15_000 })
      .catch(async (error: unknown) => {
        const calls = await env.db.query('SELECT state, agent_id FROM calls WHERE external_id = $1', [sipCallId]);
        const agents = await env.db.query(`SELECT u.username, a.state, a.endpoint FROM agents a JOIN users u ON u.id = a.user_id WHERE a.state <> 'offline'`);
        throw new Error(
          `no offer shown (${String(error)}): calls ${JSON.stringify(calls.rows)}, agents ${JSON.stringify(agents.rows)}\nSIPp:\n${caller.text.slice(-2000)}\nthe edge:\n${edge.log().slice(-3000)}`,
        );
      });
    await page.getByTestId('offer-ringing').waitFor({ timeout: 10_000 });
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'softphone-ringing.png') });
    await page.getByRole('button', { name: 'Ta samtalen' }).click();
    await page.getByTestId('active-call').waitFor();

    // Audio both ways: the browser receives the caller's tone and sends its fake microphone.
    const media = await mediaBothWays(page, 'RTP both ways in the browser');
    expect(media.pair).toBe('127.0.0.1 <-> 127.0.0.1');
    // And as rtpengine counted it: packets from the caller's plain RTP leg and from the browser's SRTP leg.
    const legs = await rtpPacketsByLeg(edge.rtpenginePort, sipCallId!);
    const plain = legs.filter((leg) => leg.protocol === 'RTP/AVP');
    const browserLeg = legs.filter((leg) => leg.protocol.includes('SAVP'));
    expect(plain.reduce((sum, leg) => sum + leg.packets, 0)).toBeGreaterThan(0);
    expect(browserLeg.reduce((sum, leg) => sum + leg.packets, 0)).toBeGreaterThan(0);
    process.stdout.write(`softphone media: browser ${JSON.stringify(media)}; rtpengine ${JSON.stringify(legs)}\n`);

    // Mute and unmute, as the agent sees it.
    await page.getByRole('button', { name: 'Demp mikrofonen' }).click();
    await page.getByTestId('call-muted').waitFor();
    await expect(page.getByRole('button', { name: 'Demp mikrofonen' }).getAttribute('aria-pressed')).resolves.toBe('true');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Demp mikrofonen' }).click();
    await page.getByTestId('call-muted').waitFor({ state: 'detached' });

    // The agent ends the call in the console: the journey says talk ended, and the caller gets a BYE.
    await page.getByRole('button', { name: 'Avslutt samtalen' }).click();
    const callId = await eventually(
      async () => {
        const { rows } = await env.db.query<{ id: string; state: string }>('SELECT id, state FROM calls WHERE external_id = $1', [sipCallId]);
        return rows[0]?.state === 'wrap_up' ? rows[0].id : undefined;
      },
      'the call in wrap-up',
      5000,
    );
    const events = await env.db.query<{ type: string }>('SELECT type FROM call_events WHERE call_id = $1 ORDER BY seq', [callId]);
    expect(events.rows.map((e) => e.type)).toEqual(expect.arrayContaining(['offered', 'connected', 'talk_ended']));
    const exit = await caller.done;
    if (exit !== 0) throw new Error(`the SIPp caller failed (${exit}):\n${caller.text.slice(-2500)}\nthe edge:\n${edge.log().slice(-4000)}`);
    expect(caller.statistics()['SuccessfulCall(C)']).toBe('1');
    // The phone hung up as well: no peer connection is left open.
    await eventually(async () => ((await browserMedia(page)) === null ? true : undefined), 'the peer connection closed', 5000);
    expect(csp).toEqual([]);
  }, 90_000);

  it('picks up by itself when a call is transferred to the agent, and the caller is heard on the new leg', async () => {
    // A, on a SIPp phone, answers a tips caller and transfers the call to B, who takes no tips and
    // answers in the browser: B's softphone rings with the call B already holds and picks it up.
    const tips = await agentsFor(env, 'tips', 1);
    const first = tips.filter((name) => name !== username)[1]!;
    const { rows } = await env.db.query<{ username: string }>(
      `SELECT u.username FROM agents a JOIN users u ON u.id = a.user_id WHERE u.username <> ALL($1) AND u.username LIKE 'agent%' ORDER BY u.username LIMIT 1`,
      [tips],
    );
    const target = rows[0]!.username;
    taken.add(first).add(target);
    const { phone, port: phonePort } = await startPhone('agent-answer.xml', ['-d', '300']);
    callers.push(phone);
    await registerPhone(edge, first, phonePort);
    const a = await signIn(api, first);
    await env.db.query('UPDATE agents SET endpoint = $2 WHERE id = $1', [a.agentId, `sip:${first}@127.0.0.1`]);

    const targetContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await targetContext.addInitScript({ content: KEEP_PEER_CONNECTIONS });
    const targetPage = await targetContext.newPage();
    try {
      await signInAt(targetPage, api.baseUrl, target, { home: /\/agent$/ });
      await targetPage.locator('[data-testid="softphone-status"][data-status="registered"]').waitFor({ timeout: 15_000 });
      await targetPage.getByRole('button', { name: 'Ledig', exact: true }).click();
      await targetPage.locator('[data-testid="agent-state"][data-state="available"]').waitFor();
      expect((await api.setState(a.token, 'available')).status).toBe(200);

      const caller = Sipp.run('caller-transferred.xml', ['-timeout', '60s', '-timeout_error', '-s', '02800', '-inf', 'callers.csv', '-d', '8000', '-m', '1', edge.sipTarget], {
        'callers.csv': 'SEQUENTIAL\n4790000002;tips;nb\n',
        'caller-audio.alaw': toneAlaw(),
      });
      callers.push(caller);
      const [sipCallId] = caller.callIds(1);
      const callId = await eventually(
        async () => {
          const { body } = await api.me(a.token);
          return body.activeCall?.state === 'connected' ? body.activeCall.callId : undefined;
        },
        "A's phone answered",
        15_000,
      );
      expect((await api.callAction(a.token, callId, 'transfer', { agentId: await signInAgentId(target) })).status).toBe(200);

      // B's console shows the call, and the phone took it without a click: audio both ways.
      await targetPage
        .getByTestId('active-call')
        .waitFor({ timeout: 10_000 })
        .catch(async (error: unknown) => {
          const calls = await env.db.query('SELECT state, agent_id, transfer_count FROM calls WHERE id = $1', [callId]);
          const agents = await env.db.query(`SELECT u.username, a.id, a.state, a.endpoint FROM agents a JOIN users u ON u.id = a.user_id WHERE a.state <> 'offline'`);
          throw new Error(`the transferred call not shown (${String(error)}): calls ${JSON.stringify(calls.rows)}, agents ${JSON.stringify(agents.rows)}\nthe edge:\n${edge.log().slice(-3000)}`);
        });
      const media = await mediaBothWays(targetPage, "RTP both ways in B's browser");
      expect(media.pair).toBe('127.0.0.1 <-> 127.0.0.1');
      const legs = await rtpPacketsByLeg(edge.rtpenginePort, `moved///${sipCallId!}`);
      expect(legs.filter((leg) => leg.protocol === 'RTP/AVP').reduce((sum, leg) => sum + leg.packets, 0)).toBeGreaterThan(0);
      expect(legs.filter((leg) => leg.protocol.includes('SAVP')).reduce((sum, leg) => sum + leg.packets, 0)).toBeGreaterThan(0);

      // The caller hangs up on the new leg: the call ends with B, once, in wrap-up.
      const exit = await caller.done;
      if (exit !== 0) throw new Error(`the SIPp caller failed (${exit}):\n${caller.text.slice(-2500)}\nthe edge:\n${edge.log().slice(-4000)}`);
      const ended = await eventually(
        async () => {
          const { rows: calls } = await env.db.query<{ state: string; agent_id: string }>('SELECT state, agent_id FROM calls WHERE id = $1', [callId]);
          return calls[0]?.state === 'wrap_up' ? calls[0] : undefined;
        },
        'the call in wrap-up',
        5000,
      );
      expect(ended.agent_id).toBe(await signInAgentId(target));
      const events = await env.db.query<{ type: string; data: { by?: string } }>('SELECT type, data FROM call_events WHERE call_id = $1 ORDER BY seq', [callId]);
      expect(events.rows.filter((e) => e.type === 'talk_ended')).toEqual([{ type: 'talk_ended', data: expect.objectContaining({ by: 'caller' }) }]);
      await eventually(async () => ((await browserMedia(targetPage)) === null ? true : undefined), "B's peer connection closed", 5000);
    } finally {
      await targetContext.close();
    }
  }, 90_000);

  const signInAgentId = async (name: string) => (await env.db.query<{ id: string }>('SELECT a.id FROM agents a JOIN users u ON u.id = a.user_id WHERE u.username = $1', [name])).rows[0]!.id;

  it('dials a callback from the browser: accepting the offer answers the phone, which the edge puts through to the caller', async () => {
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL WHERE state = 'available'`);
    await env.db.query(`UPDATE topics SET escalation_steps = '[]', min_proficiency = 1 WHERE key = 'foreigners'`);
    const dialler = (await agentsFor(env, 'foreigners', 1)).find((name) => name !== username && !taken.has(name))!;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript({ content: KEEP_PEER_CONNECTIONS });
    const agentPage = await context.newPage();
    try {
      await signInAt(agentPage, api.baseUrl, dialler, { home: /\/agent$/ });
      await agentPage.locator('[data-testid="softphone-status"][data-status="registered"]').waitFor({ timeout: 15_000 });
      const { body } = await api.telephony('/calls', { externalId: `softphone-callback-${Date.now()}`, callerNumber: '+4790000400', topicKey: 'foreigners', language: 'nb' });
      const asked = await api.telephony<{ callbackCallId: string }>(`/calls/${body.callId}/callback`);
      expect(asked.status).toBe(200);
      const callbackId = asked.body.callbackCallId;
      await agentPage.getByRole('button', { name: 'Ledig', exact: true }).click();

      // The callback offer rings the phone; accepting it in the console answers it.
      await agentPage.getByTestId('offer-ringing').waitFor({ timeout: 15_000 });
      await agentPage.getByRole('button', { name: 'Ta samtalen' }).click();
      // The edge refers the phone to the caller and dials them; they answer: audio both ways.
      await agentPage
        .getByTestId('active-call')
        .waitFor({ timeout: 15_000 })
        .catch(async (error: unknown) => {
          const events = await env.db.query('SELECT type, data FROM call_events WHERE call_id = $1 ORDER BY seq', [callbackId]);
          throw new Error(
            `the callback not connected (${String(error)}): ${JSON.stringify(events.rows)}\ntrunk: ${JSON.stringify(trunk.statistics())}\n${trunk.text.slice(-1500)}\nthe edge:\n${edge.log().slice(-4000)}`,
          );
        });
      const media = await mediaBothWays(agentPage, 'RTP both ways between the browser and the called person');
      // The browser offers here (it places the call the edge referred it to), and ICE may pick its
      // interface address for its own end; the far end is rtpengine on loopback, so nothing leaves the machine.
      expect(media.pair).toMatch(/ <-> 127\.0\.0\.1$/);
      const events = await env.db.query<{ type: string }>('SELECT type FROM call_events WHERE call_id = $1 ORDER BY seq', [callbackId]);
      expect(events.rows.map((e) => e.type)).toEqual(expect.arrayContaining(['offered', 'dial_started', 'dial_answered']));

      // The agent ends the call: the called person gets a BYE, the callback is in wrap-up.
      await agentPage.getByRole('button', { name: 'Avslutt samtalen' }).click();
      await eventually(
        async () => ((await env.db.query<{ state: string }>('SELECT state FROM calls WHERE id = $1', [callbackId])).rows[0]?.state === 'wrap_up' ? true : undefined),
        'the callback in wrap-up',
        5000,
      );
      await eventually(async () => (trunk.statistics()['SuccessfulCall(C)'] === '1' ? true : undefined), 'the trunk saw the call end', 10_000);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('says plainly when the browser refuses the microphone, and registers no endpoint then', async () => {
    const other = (await agentsFor(env, 'tips', 1)).find((name) => name !== username)!;
    const asking = await launchChromium({ audio: 'ask' });
    try {
      const refusing = await asking.newContext();
      const refused = await refusing.newPage();
      await signInAt(refused, api.baseUrl, other, { home: /\/agent$/ });
      const alert = refused.locator('[data-testid="softphone-status"][data-status="microphone"]');
      await alert.waitFor({ timeout: 10_000 });
      await expect(alert.getAttribute('role')).resolves.toBe('alert');
      await expect(alert.textContent()).resolves.toContain('Nettleseren får ikke bruke mikrofonen');
      expect(await endpointOf(other)).toBeNull();
    } finally {
      await asking.close();
    }
  }, 30_000);

  it('says the phone lost its connection when the voice edge goes away', async () => {
    await page.locator('[data-testid="softphone-status"][data-status="registered"]').waitFor();
    await edge.stop();
    const dropped = page.locator('[data-testid="softphone-status"][data-status="dropped"]');
    await dropped.waitFor({ timeout: 10_000 });
    await expect(dropped.textContent()).resolves.toBe('Telefonen mistet forbindelsen. Prøver igjen …');
    await expect(dropped.getAttribute('role')).resolves.toBe('status');
  }, 30_000);
});
