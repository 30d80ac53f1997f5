import { loadavg } from 'node:os';
import { BenchEnvironment, TELEPHONY_KEY, type BenchAgent } from './bench-environment.js';
import { makeAvailable } from './call-traffic.js';
import { freePort, printSummary, percentile, round2 } from './machine.js';
import { Sipp, VoiceEdgeProcess, registerPhone, startPhone } from './voice-edge.js';

// `npm run bench:voice`: calls per second through the voice edge (DESIGN §12, decision 0044), and
// the time from a caller's INVITE to the agent's phone ringing, against what Kamailio alone does on
// the same machine in the same run.
//
// Through the edge: SIPp callers ring the service number at a steady rate; Kamailio holds each
// INVITE, apps/voice has the api queue it, the api offers it, the worker posts call.ringing to
// apps/voice, Kamailio rings the agent's phone (a SIPp UAS every agent's endpoint is registered
// to), the phone rings for 200 ms and answers, the caller talks for 1 s and hangs up, and the agent
// records the outcome at once (the bench plays their console). "ring" is SIPp's own time from the
// INVITE to the phone's 180 as the caller receives it.
// Kamailio alone: the same SIPp callers call the same phone by its registered address, so Kamailio
// looks it up and relays (stateful, record-routed, rtpengine anchoring media as for the edge's
// calls) with no First Contact in the path.
// A rate is "sustained" when the path kept up with it (see `sustained`). Flags: --edge-rates=5,10,20,30,40
// --direct-rates=100,200,400,800 --duration-sec=15 --agents=120 --media=rtpengine|none. Prints one JSON.
const flag = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const rates = (name: string, fallback: string) =>
  flag(name, fallback)
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
const edgeRates = rates('edge-rates', '5,10,20,30,40');
const directRates = rates('direct-rates', '100,200,400,800');
const durationSec = Number(flag('duration-sec', '15'));
const agentCount = Number(flag('agents', '120'));
const media = flag('media', 'rtpengine') === 'none' ? 'none' : 'rtpengine';
const TALK_MS = 1000;
const RING_MS = 200;
const SECRET = 'bench-voice-webhook-secret-0123456789';

const say = (line: string) => process.stderr.write(`${line}\n`);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The agents record the outcome as soon as a call is in wrap-up, as a console would. */
function playConsoles(env: BenchEnvironment, apiUrl: string, agents: readonly BenchAgent[]): () => void {
  const tokens = new Map(agents.map((a) => [a.agentId, a.token]));
  let running = true;
  void (async () => {
    while (running) {
      const { rows } = await env.db.query<{ id: string; agent_id: string }>(`SELECT id, agent_id FROM calls WHERE state = 'wrap_up'`);
      await Promise.all(
        rows.map((row) =>
          fetch(`${apiUrl}/api/calls/${row.id}/outcome`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(row.agent_id)}` },
            body: '{"outcome":"resolved","expectationAligned":true}',
          }).catch(() => undefined),
        ),
      );
      await pause(100);
    }
  })();
  return () => {
    running = false;
  };
}

interface RateResult {
  offeredCps: number;
  placed: number;
  answered: number;
  failed: number;
  achievedCps: number;
  ringMs: { p50: number; p99: number; max: number };
  load1: number;
}

async function runRate(scenario: string, target: string, service: string, rate: number, drained: () => Promise<void>): Promise<RateResult> {
  const count = Math.round(rate * durationSec);
  const csv = `SEQUENTIAL\n${Array.from({ length: count }, (_, i) => `479${String(i).padStart(7, '0')};passport;nb`).join('\n')}\n`;
  const place = async () => {
    const args = ['-s', service, '-inf', 'callers.csv', '-r', String(rate), '-m', String(count), '-d', String(TALK_MS), '-l', String(rate * 20)];
    return Sipp.run(scenario, [...args, '-trace_rtt', '-rtt_freq', '1', '-timeout', `${durationSec + 60}s`, '-timeout_error', target], { 'callers.csv': csv });
  };
  const placed = (run: Sipp) => Number(run.statistics()['OutgoingCall(C)'] ?? 0);
  let started = Date.now();
  let run = await place();
  // A SIPp that could not start (it exits having placed nothing) runs again.
  for (let attempt = 1; (await run.done) !== 0 && placed(run) === 0 && attempt <= 3; attempt++) {
    say('  SIPp could not start (a port taken meanwhile?): again');
    started = Date.now();
    run = await place();
  }
  const elapsedSec = (Date.now() - started) / 1000;
  await pause(1100); // the statistics file is written every second
  const stats = run.statistics();
  await drained();
  const ring = run.responseTimesMs().sort((a, b) => a - b);
  const answered = Number(stats['SuccessfulCall(C)']);
  return {
    offeredCps: rate,
    placed: placed(run),
    answered,
    failed: Number(stats['FailedCall(C)']),
    // Calls answered per second over the run, talk and hang-up included.
    achievedCps: round2(answered / Math.max(elapsedSec - TALK_MS / 1000, 1)),
    ringMs: { p50: round2(percentile(ring, 50)), p99: round2(percentile(ring, 99)), max: round2(ring.at(-1) ?? Number.NaN) },
    load1: round2(loadavg()[0]!),
  };
}

/**
 * The highest offered rate the path kept up with: every call placed answered, and rung within 2 s at
 * the 99th percentile. (A queue that grows through the run still answers every call in the end, late.)
 */
const sustained = (results: RateResult[]) =>
  results.filter((r) => r.failed === 0 && r.placed > 0 && r.answered === r.placed && r.ringMs.p99 <= 2000).reduce((best, r) => Math.max(best, r.offeredCps), 0);

async function main(): Promise<void> {
  say(`preparing ${agentCount} agents with phones`);
  const env = await BenchEnvironment.create(agentCount);
  let edge: VoiceEdgeProcess | null = null;
  let phone: Sipp | null = null;
  try {
    const webhookPort = await freePort();
    const webhook = { TELEPHONY_WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/platform-events`, TELEPHONY_WEBHOOK_SECRET: SECRET };
    const apiUrl = await env.spawnApi({ ...webhook, TELEPHONY_REQUIRE_ENDPOINTS: 'true', OFFER_TIMEOUT_SEC: '15', ROUTING_TICK_MS: '500' });
    await env.spawnWorker(webhook);
    // rtpengine's ports below the ephemeral range, where freePort finds the phones' SIP ports; 4,000 for the fastest rates.
    edge = await VoiceEdgeProcess.start({ apiUrl, telephonyKey: TELEPHONY_KEY, webhookPort, secret: SECRET, media, rtpPorts: { min: 20_000, max: 23_999 } });
    const target = edge.sipTarget;

    // Every agent can take passport calls in Norwegian, and their phone is one SIPp that answers.
    await env.db.query(`UPDATE topics SET escalation_steps = '[]', min_proficiency = 1 WHERE key = 'passport'`);
    await env.db.query(
      `INSERT INTO agent_skills (agent_id, skill_id, proficiency) SELECT a.id, s.id, 5 FROM agents a, skills s WHERE s.key IN ('passport', 'lang:nb')
       ON CONFLICT (agent_id, skill_id) DO UPDATE SET proficiency = 5`,
    );
    await env.db.query(`UPDATE agents a SET endpoint = 'sip:' || u.username || '@127.0.0.1' FROM users u WHERE u.id = a.user_id`);
    const started = await startPhone('agent-answer.xml', ['-d', String(RING_MS), ...(media === 'rtpengine' ? ['-rtp_echo'] : [])]);
    phone = started.phone;
    const phonePort = started.port;
    const { rows: users } = await env.db.query<{ username: string }>(`SELECT u.username FROM agents a JOIN users u ON u.id = a.user_id`);
    const phoneUsers = [...users.map((u) => u.username), 'benchdirect'];
    for (let i = 0; i < phoneUsers.length; i += 20) await Promise.all(phoneUsers.slice(i, i + 20).map((user) => registerPhone(edge!, user, phonePort)));
    const agents = await env.agents();
    await makeAvailable([apiUrl], agents);
    const stopConsoles = playConsoles(env, apiUrl, agents);
    const drained = async () => {
      for (let i = 0; i < 600; i++) {
        const { rows } = await env.db.query<{ busy: number }>(`SELECT count(*)::int AS busy FROM calls WHERE state NOT IN ('completed', 'abandoned')`);
        if (rows[0]!.busy === 0) return;
        await pause(100);
      }
    };

    const edgeResults: RateResult[] = [];
    for (const rate of edgeRates) {
      say(`through the edge: ${rate} calls/s for ${durationSec} s`);
      edgeResults.push(await runRate('bench-caller-edge.xml', target, '02800', rate, drained));
      say(`  ${JSON.stringify(edgeResults.at(-1))}`);
    }
    const directResults: RateResult[] = [];
    for (const rate of directRates) {
      say(`Kamailio alone: ${rate} calls/s for ${durationSec} s`);
      directResults.push(await runRate('bench-caller-direct.xml', target, 'benchdirect', rate, async () => void (await pause(1500))));
      say(`  ${JSON.stringify(directResults.at(-1))}`);
    }
    stopConsoles();
    const edgeCps = sustained(edgeResults);
    const aloneCps = sustained(directResults);
    printSummary({
      benchmark: 'voice',
      settings: { durationSec, agents: agentCount, media, talkMs: TALK_MS, phoneRingsMs: RING_MS },
      throughTheEdge: edgeResults,
      kamailioAlone: directResults,
      sustainedCps: { throughTheEdge: edgeCps, kamailioAlone: aloneCps, ratio: aloneCps > 0 ? round2(edgeCps / aloneCps) : null },
      note: 'sustained: the highest offered rate at which every call placed was answered and p99 ring stayed within 2 s; achievedCps: calls answered a second over the run from first INVITE to last hang-up less the talk, so it reads a little under the offered rate even when the path keeps up; the ratio is through the edge over Kamailio alone, measured in this run. A ring time includes the phone-side 180 only; the phone then rings 200 ms before answering.',
    });
  } finally {
    await phone?.stop();
    await edge?.stop();
    await env.close();
  }
}

await main();
process.exit(0);
