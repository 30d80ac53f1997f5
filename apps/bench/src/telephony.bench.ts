import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { PLATFORM_SIGNATURE_HEADER } from '@fc/contracts';
import { BenchEnvironment, TELEPHONY_KEY } from './bench-environment.js';
import { CallTraffic, makeAvailable } from './call-traffic.js';
import { printSummary, percentile, round2 } from './machine.js';

/** The simulator's figure per topic (apps/simulator/src/live/wait-estimates.ts), in real seconds. */
interface EstimateError {
  estimates: number;
  meanAbsErrorSec: number | null;
  meanBiasSec: number | null;
}

// `npm run bench:telephony`: platform events (DESIGN §11) under load. Calls arrive at 100 a second
// for 20 s through the api; agents take and end each at once, so the journey writes call.queued,
// call.ringing, call.connect and call.release for each; worker processes deliver them to a webhook
// receiver in this process on loopback. Measured: commit → webhook received, p50/p99/max, over
// every event. Then the live simulator plays the demo floor against a fresh api and worker and
// reports how far the estimated waits it was told were from the waits that followed, per topic.
// Prints one JSON summary. Flags: --calls-per-sec=N, --duration-sec=N, --agents=N,
// --api-processes=N, --workers=N, --simulator-sec=N (0 skips the simulator).
//
// Commit time: an event's `at` is its transaction's start (now()), before the commit. On a server
// with track_commit_timestamp=on (BENCH_DATABASE_SERVER_URL can name one) the bench reads the
// commit's own time: a trigger added to this run's database only records each event's id in a
// side table in the same transaction, and pg_xact_commit_timestamp(xmin) of that row, which is
// never updated, is the commit (the event's row is: its xmin becomes the delivery's).
const flag = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const callsPerSec = flag('calls-per-sec', 100);
const durationSec = flag('duration-sec', 20);
const agentCount = flag('agents', 500);
const apiProcesses = flag('api-processes', 2);
const workerProcesses = flag('workers', 2);
const simulatorSec = flag('simulator-sec', 60);
const SECRET = 'bench-webhook-secret-0123456789-0123456789';
const DRAIN_LIMIT_MS = 180_000;

const say = (line: string) => process.stderr.write(`${line}\n`);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
type Verify = (secret: string, rawBody: string, header: string | undefined) => boolean;
// The integrators' snippet checks every request, as a platform would.
const { verifyPlatformSignature } = (await import(new URL('../../../docs/snippets/verify-platform-signature.mjs', import.meta.url).href)) as { verifyPlatformSignature: Verify };

/** The platform's side: answers 204 at once and notes when each event id first arrived. */
async function startReceiver() {
  const firstAt = new Map<string, number>();
  let requests = 0;
  let badSignatures = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const receivedAt = Date.now();
      const raw = Buffer.concat(chunks).toString('utf8');
      requests++;
      if (!verifyPlatformSignature(SECRET, raw, request.headers[PLATFORM_SIGNATURE_HEADER] as string | undefined)) badSignatures++;
      const { id } = JSON.parse(raw) as { id: string };
      if (!firstAt.has(id)) firstAt.set(id, receivedAt);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/platform-events`,
    firstAt,
    counts: () => ({ requests, badSignatures }),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: round2(percentile(sorted, 50)), p99: round2(percentile(sorted, 99)), max: round2(sorted.at(-1) ?? Number.NaN), events: sorted.length };
};

async function deliveryLatency() {
  const receiver = await startReceiver();
  say(`preparing a floor of ${agentCount} agents`);
  const env = await BenchEnvironment.create(agentCount);
  try {
    // The bench's instrument, in this run's database only: see the note at the top.
    await env.db.query('CREATE TABLE bench_event_commits (event_id uuid PRIMARY KEY)');
    await env.db.query(`CREATE FUNCTION bench_note_event_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO bench_event_commits VALUES (NEW.id); RETURN NULL; END $$`);
    await env.db.query('CREATE TRIGGER bench_note_event_commit AFTER INSERT ON platform_events FOR EACH ROW EXECUTE FUNCTION bench_note_event_commit()');
    const commitTimes = (await env.db.query<{ on: string }>("SELECT current_setting('track_commit_timestamp') AS on")).rows[0]!.on === 'on';

    const webhook = { TELEPHONY_WEBHOOK_URL: receiver.url, TELEPHONY_WEBHOOK_SECRET: SECRET };
    const apis: string[] = [];
    for (let i = 0; i < apiProcesses; i++) apis.push(await env.spawnApi({ OFFER_TIMEOUT_SEC: '30', ROUTING_TICK_MS: '1000', ...webhook }));
    for (let i = 0; i < workerProcesses; i++) await env.spawnWorker(webhook);
    const agents = await env.agents();
    const traffic = new CallTraffic(apis, new Map(agents.map((a) => [a.agentId, a])));
    await makeAvailable(apis, agents);
    await traffic.listen();

    say(`${callsPerSec} calls/s for ${durationSec} s, events delivered to ${receiver.url} by ${workerProcesses} worker(s)`);
    const { callIds, callsPerSec: achieved } = await traffic.arriveAtRate(callsPerSec, callsPerSec * durationSec);
    // Until every call is over and every event its journey wrote has been taken.
    const drainStart = Date.now();
    let left = { active: -1, undelivered: -1 };
    for (;;) {
      const { rows } = await env.db.query<{ active: number; undelivered: number }>(
        `SELECT (SELECT count(*)::int FROM calls WHERE id = ANY($1) AND state NOT IN ('completed', 'abandoned')) AS active,
                (SELECT count(*)::int FROM platform_events WHERE delivered_at IS NULL) AS undelivered`,
        [callIds],
      );
      left = rows[0]!;
      process.stderr.write(`\r  ${left.active} calls in progress, ${left.undelivered} events undelivered   `);
      if ((left.active === 0 && left.undelivered === 0) || Date.now() - drainStart > DRAIN_LIMIT_MS) break;
      await pause(250);
    }
    process.stderr.write('\n');
    traffic.stop();

    const { rows } = await env.db.query<{ id: string; type: string; at: Date; committed: Date | null }>(
      `SELECT e.id, e.type, e.at, ${commitTimes ? 'pg_xact_commit_timestamp(b.xmin)' : 'NULL::timestamptz'} AS committed
         FROM platform_events e LEFT JOIN bench_event_commits b ON b.event_id = e.id`,
    );
    const fromCommit: number[] = [];
    const fromDecision: number[] = [];
    const transaction: number[] = [];
    const byType = new Map<string, { delivery: number[]; toCommit: number[] }>();
    for (const row of rows) {
      const received = receiver.firstAt.get(row.id);
      if (received === undefined) continue;
      const committed = row.committed ?? row.at;
      fromCommit.push(received - committed.getTime());
      fromDecision.push(received - row.at.getTime());
      if (row.committed) transaction.push(row.committed.getTime() - row.at.getTime());
      const ofType = byType.get(row.type) ?? { delivery: [], toCommit: [] };
      ofType.delivery.push(received - committed.getTime());
      if (row.committed) ofType.toCommit.push(row.committed.getTime() - row.at.getTime());
      byType.set(row.type, ofType);
    }
    const { requests, badSignatures } = receiver.counts();
    return {
      deliveryLatencyMs: { ...summary(fromCommit), from: commitTimes ? 'commit (pg_xact_commit_timestamp)' : "the transaction's start (at): track_commit_timestamp is off" },
      fromDecisionMs: summary(fromDecision),
      ...(commitTimes ? { decisionToCommitMs: summary(transaction) } : {}),
      // Per type: delivery from commit, and how long its transaction ran from decision to commit.
      byType: Object.fromEntries(
        [...byType]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([type, { delivery, toCommit }]) => [type, { ...summary(delivery), ...(commitTimes ? { decisionToCommitP99Ms: summary(toCommit).p99 } : {}) }]),
      ),
      calls: callIds.length,
      callsPerSec: round2(achieved),
      callsNotFinished: left.active,
      eventsWritten: rows.length,
      eventsDelivered: fromCommit.length,
      eventsUndelivered: left.undelivered,
      webhookRequests: requests,
      badSignatures,
      callFailures: traffic.failed,
      callFailuresBy: Object.fromEntries(traffic.failures),
      agents: agents.length,
      apiProcesses,
      workers: workerProcesses,
    };
  } finally {
    await env.close();
    await receiver.close();
  }
}

/** The live simulator's summary (JSON on stdout), run against `api` for `sec` seconds of traffic. */
function simulate(api: string, sec: number): Promise<{ waitEstimates: Record<string, EstimateError>; calls: { placed: number; completed: number }; platformEvents: unknown; ok: boolean }> {
  return new Promise((resolve, reject) => {
    const args = ['live', '--api', api, '--scale', '10', '--duration', String(sec), '--agents', '40', '--volume', '1.2', '--drain', '30', '--telephony-key', TELEPHONY_KEY, '--json', '--quiet'];
    const child = spawn(process.execPath, [fileURLToPath(new URL('../../simulator/dist/main.js', import.meta.url)), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      try {
        resolve(JSON.parse(stdout));
      } catch {
        reject(new Error(`the simulator exited ${code} without a summary`));
      }
    });
  });
}

async function waitEstimates() {
  say(`live simulator: ${simulatorSec} s at ×10 with the demo floor's 40 agents`);
  const env = await BenchEnvironment.create(40);
  try {
    const api = await env.spawnApi();
    await env.spawnWorker();
    const run = await simulate(api, simulatorSec);
    const rounded = (sec: number | null) => (sec === null ? null : round2(sec));
    const byTopic = Object.fromEntries(
      Object.entries(run.waitEstimates).map(([topic, e]) => [topic, { estimates: e.estimates, meanAbsErrorSec: rounded(e.meanAbsErrorSec), meanBiasSec: rounded(e.meanBiasSec) }]),
    );
    return {
      waitEstimates: byTopic,
      simulator: { sec: simulatorSec, scale: 10, agents: 40, volume: 1.2, placed: run.calls.placed, completed: run.calls.completed, platformEvents: run.platformEvents, ok: run.ok },
    };
  } finally {
    await env.close();
  }
}

// The machine may be shared: its load, before and after, says how much else was running.
const loadBefore = round2(loadavg()[0]!);
const delivery = await deliveryLatency();
const loadAfterDelivery = round2(loadavg()[0]!);
const estimates = simulatorSec > 0 ? await waitEstimates() : {};
printSummary({ ...delivery, ...estimates }, { loadAverage1m: { before: loadBefore, afterDelivery: loadAfterDelivery } });
