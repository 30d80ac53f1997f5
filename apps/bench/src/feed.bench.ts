import { BenchEnvironment } from './bench-environment.js';
import { cpuMs } from './database-capacity.js';
import { printSummary, round2 } from './machine.js';

// `npm run bench:feed`: what the change feed costs an api process that only listens (decisions
// 0011, 0061). Every api process hears every commit that changes a call or an agent, so this is
// what each added process costs per change, whatever traffic it serves itself. Two api processes
// on a fresh database: the first leads routing, the second is measured. Changes are committed by
// SQL at a steady rate, one per transaction, as the journey commits them: a call starts waiting,
// the call is abandoned, an agent moves between break and offline (nobody can take a call, so the
// leader offers nothing and every change is the bench's own). The listener's CPU while idle is
// measured first and taken off; so is the CPU of each feed connection's PostgreSQL backend (this
// machine's server). `--changes=N` (default 12,000), `--changes-per-sec=N` (1,000).
const option = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const CHANGES = option('changes', 12_000);
const CHANGES_PER_SEC = option('changes-per-sec', 1_000);
const IDLE_MS = 5_000;
const say = (line: string) => process.stderr.write(`${line}\n`);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const env = await BenchEnvironment.create(40);
try {
  await env.db.query(`UPDATE agents SET state = 'break'`);
  // The leader first: the routing lease goes to the first process that asks for it.
  await env.spawnApi({ ROUTING_TICK_MS: '60000' });
  await pause(2000);
  await env.spawnApi({ ROUTING_TICK_MS: '60000' });
  const [leader, listener] = env.apiPids() as [number, number];
  // Each process's feed connection has a PostgreSQL backend of its own, which sends it every announcement.
  const feedBackends = async () =>
    (await env.db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'first-contact-floor-feed'`, [env.database])).rows.map((r) => r.pid);
  const topics = (await env.db.query<{ id: string }>(`SELECT id FROM topics WHERE active`)).rows.map((r) => r.id);
  const agents = (await env.db.query<{ id: string }>(`SELECT id FROM agents`)).rows.map((r) => r.id);
  await pause(2000);

  const backends = await feedBackends();
  if (backends.length !== 2) throw new Error(`expected the two processes' feed connections, found ${backends.length}`);
  say(`idle for ${IDLE_MS / 1000} s`);
  let started = Date.now();
  let before = await cpuMs([listener]);
  await pause(IDLE_MS);
  const idleCpuPerMs = ((await cpuMs([listener])) - before) / (Date.now() - started);

  say(`${CHANGES} changes at ${CHANGES_PER_SEC}/s`);
  const db = await env.db.connect();
  const changes = [
    async (i: number) => {
      await db.query(`INSERT INTO calls (external_id, state, topic_id, language, arrived_at, queued_at, waiting_since) VALUES ($1, 'queued', $2, 'nb', now(), now(), now())`, [
        `feed-${i}`,
        topics[i % topics.length],
      ]);
    },
    async (i: number) => void (await db.query(`UPDATE calls SET state = 'abandoned', ended_at = now(), completed_at = now() WHERE external_id = $1`, [`feed-${i - 1}`])),
    async (i: number) => void (await db.query(`UPDATE agents SET state = CASE WHEN state = 'break' THEN 'offline' ELSE 'break' END WHERE id = $1`, [agents[i % agents.length]])),
  ];
  started = Date.now();
  before = await cpuMs([listener]);
  const leaderBefore = await cpuMs([leader]);
  const backendsBefore = await cpuMs(backends);
  for (let i = 0; i < CHANGES; i++) {
    const due = started + (i * 1000) / CHANGES_PER_SEC;
    if (due > Date.now()) await pause(due - Date.now());
    await changes[i % changes.length]!(i);
  }
  db.release();
  // Until the listener has had the last change: a second more is ample at these rates.
  await pause(1000);
  const windowMs = Date.now() - started;
  const listenerCpu = (await cpuMs([listener])) - before - idleCpuPerMs * windowMs;
  const leaderCpu = (await cpuMs([leader])) - leaderBefore;
  const backendsCpu = (await cpuMs(backends)) - backendsBefore;
  printSummary({
    changes: CHANGES,
    changesPerSec: round2(CHANGES / ((windowMs - 1000) / 1000)),
    listenerCpuUsPerChange: round2((listenerCpu / CHANGES) * 1000),
    listenerIdleCpuMsPerSec: round2(idleCpuPerMs * 1000),
    leaderCpuUsPerChange: round2((leaderCpu / CHANGES) * 1000),
    // PostgreSQL's side of one listener: its backend reading the announcement queue and sending.
    feedBackendCpuUsPerChange: round2((backendsCpu / backends.length / CHANGES) * 1000),
  });
} finally {
  await env.close();
}
process.exit(0);
