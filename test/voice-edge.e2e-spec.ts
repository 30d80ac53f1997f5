import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MetricsReport } from '@fc/contracts';
import { writeFileSync } from 'node:fs';
import { eventually, type ApiClient } from './support/api-client.js';
import { agentsFor, signIn, type SignedInAgent } from './support/agents.js';
import { checkJourneyInvariants } from './support/journey-invariants.js';
import { freePort, TestEnvironment, TELEPHONY_KEY } from './support/test-environment.js';
import { sipCredentials } from '@fc/auth';
import { Sipp, VoiceEdgeProcess, registerPhone, startPhone, toneAlaw } from './support/voice-edge.js';

// The voice edge with real SIP on loopback (DESIGN §12, decision 0044): SIPp callers ring the
// service number through Kamailio; SIPp agent phones, registered as the agents' endpoints, answer,
// decline or never answer; the real api and worker decide, and the edge carries out what they decide.
// Afterwards First Contact's journey logs must tell what SIPp saw.

const SECRET = 'test-voice-webhook-secret-0123456789';
const SIP_SECRET = 'test-voice-sip-secret-0123456789abcdef';
const ANSWERED_CALLERS = 8;
const ABANDONING_CALLERS = 2;

describe('the voice edge: SIPp callers and agent phones through Kamailio', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let edge: VoiceEdgeProcess;
  /**
   * Where the edge dials callbacks: a SIPp trunk started before the edge and holding its port from
   * then on (a port only chosen early and bound in the callback test was taken meanwhile, now and then).
   */
  let trunk: Sipp;
  const phones: Sipp[] = [];

  beforeAll(async () => {
    const webhookPort = await freePort();
    // The called person answers after 300 ms (numbers ending in 1 are busy, in 2 hang up after 1 s).
    const started = await startPhone('trunk.xml', ['-d', '300', ...(process.env.VOICE_TEST_LOG ? ['-trace_msg'] : [])]);
    trunk = started.phone;
    phones.push(trunk);
    env = await TestEnvironment.create({
      TELEPHONY_WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/platform-events`,
      TELEPHONY_WEBHOOK_SECRET: SECRET,
      TELEPHONY_WEBHOOK_RETRY_BASE_MS: '50',
      TELEPHONY_REQUIRE_ENDPOINTS: 'true',
      OFFER_TIMEOUT_SEC: '5',
      ROUTING_TICK_MS: '200',
    });
    ({ api } = await env.startApi());
    await env.startWorker();
    edge = await VoiceEdgeProcess.start({
      telephonyKey: TELEPHONY_KEY,
      apiUrl: api.baseUrl,
      webhookPort,
      secret: SECRET,
      media: 'rtpengine',
      sipSecret: SIP_SECRET,
      extra: { VOICE_TRUNK: `127.0.0.1:${started.port}`, ...(process.env.VOICE_TEST_LOG ? { LOG_LEVEL: 'debug', VOICE_KAMAILIO_DEBUG: '2' } : {}) },
    });
  });
  afterAll(async () => {
    if (process.env.VOICE_TEST_LOG) writeFileSync(process.env.VOICE_TEST_LOG, edge?.log() ?? '');
    await Promise.all(phones.map((phone) => phone.stop()));
    await edge?.stop();
    await env.close();
  });

  /** An agent signed in and available, their endpoint the SIPp phone `scenario` registered at the edge. */
  /** Agents with a phone registered by an earlier test: a second phone of theirs would ring beside the first. */
  const withPhones = new Set<string>();
  async function agentWithPhone(username: string, scenario: string, args: string[] = []): Promise<{ agent: SignedInAgent; phone: Sipp }> {
    withPhones.add(username);
    // A phone may be rung for the same call again (its agent came back from a missed break): SIPp
    // must take an INVITE with a Call-ID it has just finished as a new call (-deadcall_wait 200).
    const { phone, port } = await startPhone(scenario, args);
    phones.push(phone);
    await registerPhone(edge, username, port);
    const agent = await signIn(api, username);
    await env.db.query('UPDATE agents SET endpoint = $2 WHERE id = $1', [agent.agentId, `sip:${username}@127.0.0.1`]);
    expect((await api.setState(agent.token, 'available')).status).toBe(200);
    return { agent, phone };
  }

  /** SIPp callers of `scenario` dialling `dialled`: `count` calls at `rate` a second, each -d `pauseMs`, lines of callers.csv in `files`. */
  async function dialIn(scenario: string, dialled: string, options: { count: number; rate: number; pauseMs: number; extra?: string[] }, files: Record<string, string | Buffer>): Promise<Sipp> {
    const { count, rate, pauseMs, extra = [] } = options;
    const trace = process.env.VOICE_TEST_LOG ? ['-trace_msg'] : [];
    return Sipp.run(
      scenario,
      ['-timeout', '60s', '-timeout_error', '-s', dialled, '-inf', 'callers.csv', '-d', String(pauseMs), '-r', String(rate), '-m', String(count), ...extra, ...trace, edge.sipTarget],
      files,
    );
  }

  it('the journey logs tell what SIPp saw: answered, declined, rung out (RONA), abandoned by CANCEL', async () => {
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    await env.db.query(`UPDATE topics SET escalation_steps = '[]', min_proficiency = 1 WHERE key = 'tips'`);
    const [a1, a2, declining, silent] = await agentsFor(env, 'tips', 1);
    // Callers who give up ask for a topic none of these four can take, so nobody answers them first.
    const abandonTopic = 'firearms';
    await env.db.query(`UPDATE topics SET escalation_steps = '[]' WHERE key = $1`, [abandonTopic]);
    await env.db.query(
      `DELETE FROM agent_skills x USING agents a, users u, skills s
        WHERE a.id = x.agent_id AND u.id = a.user_id AND s.id = x.skill_id AND s.key = $1 AND u.username = ANY($2)`,
      [abandonTopic, [a1, a2, declining, silent]],
    );

    const answering = [await agentWithPhone(a1!, 'agent-answer.xml', ['-d', '300', '-rtp_echo']), await agentWithPhone(a2!, 'agent-answer.xml', ['-d', '300', '-rtp_echo'])];
    const decliner = await agentWithPhone(declining!, 'agent-decline.xml', ['-d', '300']);
    const neverAnswers = await agentWithPhone(silent!, 'agent-never.xml');
    const supervisor = (await api.login('super01')).accessToken;
    const started = new Date();

    // What the agents do in their consoles: record an outcome at wrap-up; the one whose phone rang
    // out comes back from the `missed` break once, so their phone rings out twice.
    let working = true;
    let returns = 0;
    const consoles = (async () => {
      while (working) {
        for (const { agent } of answering) {
          const { body } = await api.me(agent.token);
          if (body.activeCall?.state === 'wrap_up') await api.callAction(agent.token, body.activeCall.callId, 'outcome', { outcome: 'resolved', expectationAligned: true });
        }
        const { body: missed } = await api.me(neverAnswers.agent.token);
        if (missed.state === 'break' && returns < 1) {
          returns++;
          await api.setState(neverAnswers.agent.token, 'available');
        }
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    })();

    // The consoles stop however this ends: left running after a failure, they would work the next test's calls.
    const { callers, abandoners, callIds, calls } = await (async () => {
      const numbers = (count: number, topic: string, first: number) => `SEQUENTIAL\n${Array.from({ length: count }, (_, i) => `479${String(first + i).padStart(7, '0')};${topic};nb`).join('\n')}\n`;
      const callers = await dialIn(
        'caller.xml',
        '02800',
        { count: ANSWERED_CALLERS, rate: 2, pauseMs: 1000, extra: ['-trace_rtt', '-rtt_freq', '1'] },
        {
          'callers.csv': numbers(ANSWERED_CALLERS, 'tips', 1),
          'caller-audio.alaw': toneAlaw(),
        },
      );
      // They dial the menu digit after the service number (02800*2, firearms in the default menu) and name no topic in a header.
      const abandoners = await dialIn('caller-abandon.xml', '02800*2', { count: ABANDONING_CALLERS, rate: 2, pauseMs: 1500 }, { 'callers.csv': numbers(ABANDONING_CALLERS, '', 100) });
      const [callersExit, abandonersExit] = await Promise.all([callers.done, abandoners.done]);
      if (callersExit !== 0 || abandonersExit !== 0)
        throw new Error(`SIPp callers failed (${callersExit}, ${abandonersExit}):\n${callers.text.slice(-2500)}\n${abandoners.text.slice(-1500)}\nthe edge:\n${edge.log().slice(-4000)}`);

      // Every call SIPp made reached its end in First Contact.
      const callIds = [...callers.callIds(ANSWERED_CALLERS), ...abandoners.callIds(ABANDONING_CALLERS)];
      const calls = await eventually(
        async () => {
          const { rows } = await env.db.query<{ id: string; external_id: string; state: string; answered_at: Date | null; queued_at: Date }>(
            'SELECT id, external_id, state, answered_at, queued_at FROM calls WHERE external_id = ANY($1)',
            [callIds],
          );
          return rows.length === callIds.length && rows.every((r) => r.state === 'completed' || r.state === 'abandoned') ? rows : undefined;
        },
        'every SIPp call completed or abandoned',
        30_000,
      );
      return { callers, abandoners, callIds, calls };
    })().finally(async () => {
      working = false;
      await consoles;
    });
    // SIPp's statistics file is written every second: one more for the last calls' counts.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const stateOf = (ids: string[]) => calls.filter((c) => ids.includes(c.external_id)).map((c) => c.state);
    expect(stateOf(callers.callIds(ANSWERED_CALLERS))).toEqual(Array(ANSWERED_CALLERS).fill('completed'));
    expect(stateOf(abandoners.callIds(ABANDONING_CALLERS))).toEqual(Array(ABANDONING_CALLERS).fill('abandoned'));
    const { rows: abandonedTopics } = await env.db.query<{ key: string }>('SELECT DISTINCT t.key FROM calls c JOIN topics t ON t.id = c.topic_id WHERE c.external_id = ANY($1)', [
      abandoners.callIds(ABANDONING_CALLERS),
    ]);
    expect(abandonedTopics.map((r) => r.key)).toEqual([abandonTopic]);

    const events = async (type: string, agentId?: string) =>
      Number(
        (
          await env.db.query<{ n: string }>(
            `SELECT count(*) AS n FROM call_events e JOIN calls c ON c.id = e.call_id WHERE c.external_id = ANY($1) AND e.type = $2 AND ($3::uuid IS NULL OR e.agent_id = $3)`,
            [callIds, type, agentId ?? null],
          )
        ).rows[0]!.n,
      );
    const sipp = (phone: Sipp, counter: string) => Number(phone.statistics()[counter]);
    const seen = {
      placed: sipp(callers, 'OutgoingCall(C)') + sipp(abandoners, 'OutgoingCall(C)'),
      answered: sipp(answering[0]!.phone, 'SuccessfulCall(C)') + sipp(answering[1]!.phone, 'SuccessfulCall(C)'),
      declined: sipp(decliner.phone, 'SuccessfulCall(C)'),
      rungOut: sipp(neverAnswers.phone, 'SuccessfulCall(C)'),
      abandoned: sipp(abandoners, 'SuccessfulCall(C)'),
    };
    const logged = {
      placed: calls.length,
      answered: await events('connected'),
      declined: await events('offer_declined', decliner.agent.agentId),
      rungOut: await events('offer_expired', neverAnswers.agent.agentId),
      abandoned: await events('abandoned'),
    };
    expect(logged).toEqual(seen);
    expect(seen).toMatchObject({ placed: ANSWERED_CALLERS + ABANDONING_CALLERS, answered: ANSWERED_CALLERS, abandoned: ABANDONING_CALLERS });
    expect(seen.declined).toBeGreaterThan(0);
    expect(seen.rungOut).toBe(2);

    // No agent held two calls, no call was offered to two agents, every call ended once.
    const report = await checkJourneyInvariants(env.db);
    expect({ doubleOffers: report.doubleOffers, overlappingHolds: report.overlappingHolds, badTerminals: report.badTerminals }).toEqual({ doubleOffers: [], overlappingHolds: [], badTerminals: [] });

    // ASA and service level as First Contact measures them, against SIPp's own INVITE → 200 OK times.
    const answerMs = callers.responseTimesMs();
    expect(answerMs).toHaveLength(ANSWERED_CALLERS);
    const metrics = await api.request<MetricsReport>(
      'GET',
      `/api/metrics?from=${encodeURIComponent(started.toISOString())}&to=${encodeURIComponent(new Date().toISOString())}&groupBy=topic`,
      undefined,
      { token: supervisor },
    );
    const tips = metrics.body.rows.find((r) => r.key.topicKey === 'tips')!.figures;
    const sippAsaSec = answerMs.reduce((sum, ms) => sum + ms, 0) / answerMs.length / 1000;
    expect(tips.asaSec.count).toBe(ANSWERED_CALLERS);
    expect(Math.abs(tips.asaSec.value! - sippAsaSec)).toBeLessThan(1);
    const withinTarget = answerMs.filter((ms) => ms <= 20_000).length;
    expect(tips.serviceLevel.numerator).toBe(withinTarget);
  }, 120_000);

  it('moves a talking caller: transferred to an agent, and put back in line for another topic', async () => {
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    await env.db.query(`UPDATE topics SET escalation_steps = '[]', min_proficiency = 1 WHERE key IN ('tips', 'passport')`);
    // A takes tips but not passport, B neither, C passport: each call can only go where the test sends it.
    const passport = new Set(await agentsFor(env, 'passport', 1));
    const tipsAgents = new Set(await agentsFor(env, 'tips', 1));
    const { rows: all } = await env.db.query<{ username: string }>(`SELECT u.username FROM agents a JOIN users u ON u.id = a.user_id ORDER BY u.username`);
    const free = (u: string) => !withPhones.has(u);
    const first = [...tipsAgents].find((u) => !passport.has(u) && free(u))!;
    const target = all.map((r) => r.username).find((u) => !passport.has(u) && !tipsAgents.has(u) && free(u))!;
    const requeueTo = [...passport].find((u) => !tipsAgents.has(u) && free(u))!;
    const a = await agentWithPhone(first, 'agent-answer.xml', ['-d', '300']);
    const b = await agentWithPhone(target, 'agent-answer.xml', ['-d', '300']);
    const c = await agentWithPhone(requeueTo, 'agent-answer.xml', ['-d', '300']);

    // What the agents do in their consoles: A moves the first call to B, the second to passport's
    // queue; B and C record an outcome at wrap-up.
    const moved: string[] = [];
    let working = true;
    const consoles = (async () => {
      while (working) {
        const { body: me } = await api.me(a.agent.token);
        const call = me.activeCall;
        if (call?.state === 'connected' && !moved.includes(call.callId)) {
          const target = moved.length === 0 ? { agentId: b.agent.agentId } : { topicKey: 'passport' };
          const { status } = await api.callAction(a.agent.token, call.callId, 'transfer', target);
          if (status !== 200) throw new Error(`transfer answered ${status}`);
          moved.push(call.callId);
        }
        for (const { agent } of [b, c]) {
          const { body } = await api.me(agent.token);
          if (body.activeCall?.state === 'wrap_up') await api.callAction(agent.token, body.activeCall.callId, 'outcome', { outcome: 'resolved', expectationAligned: true });
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    const callers = await dialIn(
      'caller-transferred.xml',
      '02800',
      { count: 2, rate: 1, pauseMs: 1500 },
      {
        'callers.csv': 'SEQUENTIAL\n4790000201;tips;nb\n4790000202;tips;nb\n',
        'caller-audio.alaw': toneAlaw(),
      },
    );
    const [firstId, secondId] = callers.callIds(2);
    const completed = async () => {
      const exit = await callers.done;
      if (exit !== 0) throw new Error(`SIPp callers failed (${exit}):\n${callers.text.slice(-3000)}\nthe edge:\n${edge.log().slice(-5000)}`);
      return eventually(
        async () => {
          const { rows } = await env.db.query<{ external_id: string; state: string; agent: string | null; topic: string; transfer_count: number }>(
            `SELECT c.external_id, c.state, u.username AS agent, t.key AS topic, c.transfer_count
               FROM calls c JOIN topics t ON t.id = c.topic_id LEFT JOIN agents a ON a.id = c.agent_id LEFT JOIN users u ON u.id = a.user_id
              WHERE c.external_id = ANY($1) ORDER BY c.external_id = $2 DESC`,
            [[firstId, secondId], firstId],
          );
          return rows.length === 2 && rows.every((r) => r.state === 'completed') ? rows : undefined;
        },
        'both moved calls completed',
        30_000,
      );
    };
    let calls;
    try {
      calls = await completed();
    } finally {
      working = false;
      await consoles;
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));

    // The first went to B, the second to passport's queue and from there to C, each moved once.
    expect(calls).toEqual([
      { external_id: firstId, state: 'completed', agent: target, topic: 'tips', transfer_count: 1 },
      { external_id: secondId, state: 'completed', agent: requeueTo, topic: 'passport', transfer_count: 1 },
    ]);
    // SIPp saw the same: each caller answered, referred, answered again and hung up; A's phone
    // answered both and was hung up by the edge; B's and C's answered one each.
    const sipp = (run: Sipp, counter: string) => Number(run.statistics()[counter]);
    expect({ callers: sipp(callers, 'SuccessfulCall(C)'), a: sipp(a.phone, 'SuccessfulCall(C)'), b: sipp(b.phone, 'SuccessfulCall(C)'), c: sipp(c.phone, 'SuccessfulCall(C)') }).toEqual({
      callers: 2,
      a: 2,
      b: 1,
      c: 1,
    });
    const report = await checkJourneyInvariants(env.db);
    expect({ doubleOffers: report.doubleOffers, overlappingHolds: report.overlappingHolds, badTerminals: report.badTerminals }).toEqual({ doubleOffers: [], overlappingHolds: [], badTerminals: [] });
  }, 120_000);

  it("dials callbacks: the offer rings the agent's phone, which is put through to the caller when it answers; a busy caller is tried again later", async () => {
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    await env.db.query(`UPDATE topics SET escalation_steps = '[]', min_proficiency = 1 WHERE key = 'foreigners'`);
    // Two callers asked to be called back (the IVR's answer to call.callback_offer): one will answer, one be busy.
    const callbacks: string[] = [];
    for (const [i, number] of ['+4790000302', '+4790000301'].entries()) {
      const { body } = await api.telephony('/calls', { externalId: `voice-callback-${i}-${Date.now()}`, callerNumber: number, topicKey: 'foreigners', language: 'nb' });
      const asked = await api.telephony<{ callbackCallId: string }>(`/calls/${body.callId}/callback`);
      expect(asked.status).toBe(200);
      callbacks.push(asked.body.callbackCallId);
    }
    const [answering, busy] = callbacks as [string, string];
    const dialler = (await agentsFor(env, 'foreigners', 1)).find((u) => !withPhones.has(u))!;
    const { agent, phone } = await agentWithPhone(dialler, 'agent-callback.xml', ['-s', dialler, '-d', '300', ...(process.env.VOICE_TEST_LOG ? ['-trace_msg'] : [])]);
    const journey = async (callId: string) => (await env.db.query<{ type: string; data: { result?: string } }>('SELECT type, data FROM call_events WHERE call_id = $1 ORDER BY seq', [callId])).rows;
    const failed = (what: string) => async (error: unknown) => {
      throw new Error(`${what}: ${String(error)}\nthe phone:\n${phone.text.slice(-2000)}\nthe trunk:\n${trunk.text.slice(-1500)}\nthe edge:\n${edge.log().slice(-5000)}`);
    };

    // The first: the phone rang with the offer and answered, the edge dialled the caller, who answered.
    await eventually(async () => ((await api.me(agent.token)).body.activeCall?.state === 'connected' ? true : undefined), 'the first callback connected', 20_000).catch(
      failed('the first callback did not connect'),
    );
    expect((await journey(answering)).map((e) => e.type)).toEqual(expect.arrayContaining(['offered', 'dial_started', 'dial_answered']));
    // The called person hangs up after a second: the agent's phone gets the BYE, the call its end.
    await eventually(
      async () => ((await env.db.query<{ state: string }>('SELECT state FROM calls WHERE id = $1', [answering])).rows[0]?.state === 'wrap_up' ? true : undefined),
      'the first callback in wrap-up',
      10_000,
    );
    expect((await api.callAction(agent.token, answering, 'outcome', { outcome: 'resolved', expectationAligned: true })).status).toBe(200);

    // The second: the phone answers the offer, the caller's line is busy: tried again later, the agent free.
    const busyEvents = await eventually(
      async () => {
        const events = await journey(busy);
        return events.some((e) => e.type === 'dial_failed') ? events : undefined;
      },
      'the second callback tried',
      20_000,
    ).catch(failed('the second callback was not dialled'));
    expect(busyEvents.find((e) => e.type === 'dial_failed')!.data.result).toBe('busy');
    const { rows } = await env.db.query<{ state: string; callback_due_at: Date | null }>('SELECT state, callback_due_at FROM calls WHERE id = $1', [busy]);
    expect(rows[0]!.callback_due_at).not.toBeNull();
    await eventually(async () => ((await api.me(agent.token)).body.state === 'available' ? true : undefined), 'the agent free again', 5000);

    // SIPp saw the same: the trunk was dialled twice (answered then hung up, busy), the phone took both offers.
    await eventually(
      async () => (Number(trunk.statistics()['SuccessfulCall(C)']) === 2 && Number(phone.statistics()['SuccessfulCall(C)']) === 2 ? true : undefined),
      'SIPp counted both callbacks',
      10_000,
    ).catch(failed(`SIPp counts: trunk ${trunk.statistics()['SuccessfulCall(C)']}, phone ${phone.statistics()['SuccessfulCall(C)']}`));
    // The numbers went to the trunk only: never into the edge's log.
    if (!process.env.VOICE_TEST_LOG) expect(edge.log()).not.toMatch(/4790000302|4790000301/);
  }, 90_000);

  it('registers a phone only with credentials the api would issue for that very agent', async () => {
    const port = await freePort();
    const [agent, other] = (await agentsFor(env, 'passport', 1)).filter((u) => !withPhones.has(u));
    const refused = (credentials?: { username: string; password: string }) =>
      registerPhone(edge, agent!, port, credentials ?? { username: `${Math.floor(Date.now() / 1000) + 600}:${agent!}`, password: 'not-the-password' }).then(
        () => 'registered',
        (error: Error) => error.message,
      );
    // A wrong password, another agent's credentials, credentials that ran out: each refused.
    expect(await refused()).toMatch(/registering .* failed/);
    expect(await refused(sipCredentials(SIP_SECRET, other!))).toMatch(/registering .* failed/);
    expect(await refused(sipCredentials(SIP_SECRET, agent!, new Date(Date.now() - 3600_000), 60))).toMatch(/registering .* failed/);
    // The right ones register.
    expect(await refused(sipCredentials(SIP_SECRET, agent!))).toBe('registered');
  }, 30_000);
});
