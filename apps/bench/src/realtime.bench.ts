import { forEachSupervisorEvent, type SupervisorClientToServerEvents, type SupervisorServerToClientEvents } from '@fc/contracts';
import os from 'node:os';
import { createHistogram, performance, type RecordableHistogram } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { BenchEnvironment } from './bench-environment.js';
import { cpuMs } from './database-capacity.js';
import { printSummary, round2 } from './machine.js';

// `npm run bench:realtime`: 1,000 supervisor sockets, 100 agent state changes per second for 60 s
// through the api; delivery latency (REST request sent → `agent.updated` received on each socket,
// target p99 ≤ 250 ms), messages lost or out of order (target 0) and the api processes' memory.
// `-- --sockets=N --changes-per-sec=N --seconds=N --api-processes=N` change the load. The 1,000
// clients run in this process and share the machine's cores with the api: their CPU is reported
// apart, and `--nice-clients` runs them at the lowest priority (after the api processes started,
// which keep theirs).
const flag = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const SOCKETS = flag('sockets', 1000);
const CHANGES_PER_SEC = flag('changes-per-sec', 100);
const SECONDS = flag('seconds', 60);
const API_PROCESSES = flag('api-processes', 2);
const NICE_CLIENTS = process.argv.includes('--nice-clients');
/** Each changing agent changes once a second, so as many agents as changes per second. */
const CHANGING_AGENTS = CHANGES_PER_SEC;

type SupervisorSocket = Socket<SupervisorServerToClientEvents, SupervisorClientToServerEvents>;
const say = (line: string) => process.stderr.write(`${line}\n`);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

say(`preparing ${CHANGING_AGENTS + 20} agents and ${API_PROCESSES} api processes`);
const env = await BenchEnvironment.create(CHANGING_AGENTS + 20);
try {
  const apis: string[] = [];
  for (let i = 0; i < API_PROCESSES; i++) apis.push(await env.spawnApi({ METRICS_TICK_SEC: '5' }));
  if (NICE_CLIENTS) os.setPriority(19);
  const agents = (await env.agents()).slice(0, CHANGING_AGENTS);
  const token = await env.supervisorToken();

  // Per agent: when each of its changes was sent (the n-th change ↔ the n-th `agent.updated`).
  const changing = new Map(agents.map((a, i) => [a.agentId, i]));
  const sentAt: number[][] = agents.map(() => []);
  // Delivery latencies in µs, in an HDR histogram (3 significant figures). A run delivers 6,000,000:
  // kept in an array, grown and copied as it filled, they cost the clients garbage collection in the
  // middle of what they measured (in one 60 s run, a 114 ms pause, and a heap of 274 MB at the end
  // against 80 MB with the histogram).
  const latencies = createHistogram();
  /** The same, by the 10 s of the run in which each change was sent: whether the tail is one bad stretch or the whole run. */
  const latenciesBy10s: RecordableHistogram[] = [];
  let started = 0;
  let delivered = 0;
  let outOfOrder = 0;
  const received: Int32Array[] = [];

  say(`connecting ${SOCKETS} supervisor sockets`);
  const sockets: SupervisorSocket[] = [];
  let snapshots = 0;
  for (let s = 0; s < SOCKETS; s++) {
    const counts = new Int32Array(agents.length);
    const lastVersion = new Float64Array(agents.length);
    received.push(counts);
    const socket: SupervisorSocket = io(`${apis[s % apis.length]}/supervisor`, { transports: ['websocket'], auth: { token }, forceNew: true, reconnection: false });
    socket.once('snapshot', (snapshot) => {
      snapshots++;
      for (const agent of snapshot.agents) {
        const i = changing.get(agent.id);
        if (i !== undefined) lastVersion[i] = agent.version;
      }
    });
    forEachSupervisorEvent(socket, ([event, agent]) => {
      if (event !== 'agent.updated') return;
      const i = changing.get(agent.id);
      if (i === undefined) return;
      if (agent.version <= lastVersion[i]!) {
        outOfOrder++;
        return;
      }
      lastVersion[i] = agent.version;
      const sent = sentAt[i]![counts[i]!];
      counts[i]!++;
      if (sent === undefined) return;
      const us = Math.max(1, Math.round((performance.now() - sent) * 1000));
      latencies.record(us);
      (latenciesBy10s[Math.floor((sent - started) / 10_000)] ??= createHistogram()).record(us);
      delivered++;
    });
    sockets.push(socket);
    if (s % 50 === 49) {
      await pause(50);
      process.stderr.write(`\r  ${s + 1} connecting, ${snapshots} with their snapshot`);
    }
  }
  for (let waited = 0; snapshots < SOCKETS && waited < 60_000; waited += 200) await pause(200);
  process.stderr.write(`\r  ${snapshots}/${SOCKETS} sockets with their snapshot\n`);

  say(`${CHANGES_PER_SEC} state changes per second for ${SECONDS} s`);
  const rss: number[][] = [];
  const rssTimer = setInterval(() => void env.apiRssMb().then((r) => rss.push(r)), 1000);
  const states = agents.map(() => 'available');
  const total = CHANGES_PER_SEC * SECONDS;
  const clientsCpuBefore = process.cpuUsage();
  const apiCpuBefore = await cpuMs(env.apiPids());
  started = performance.now();
  let failed = 0;
  const failures: Record<string, number> = {};
  const fail = (why: string) => {
    failed++;
    failures[why] = (failures[why] ?? 0) + 1;
  };
  const requests: Promise<void>[] = [];
  for (let n = 0; n < total; n++) {
    const due = started + (n * 1000) / CHANGES_PER_SEC;
    const wait = due - performance.now();
    if (wait > 0) await pause(wait);
    const i = n % agents.length;
    states[i] = states[i] === 'available' ? 'break' : 'available';
    const body = states[i] === 'break' ? { state: 'break', reason: 'break' } : { state: 'available' };
    sentAt[i]!.push(performance.now());
    requests.push(
      fetch(`${apis[n % apis.length]}/api/agents/me/state`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${agents[i]!.token}` },
        body: JSON.stringify(body),
      }).then(
        (r) => void (r.ok || fail(String(r.status))),
        (error: Error) => fail(error.message),
      ),
    );
    if (n % CHANGES_PER_SEC === 0) process.stderr.write(`\r  ${n}/${total} changes, ${delivered} deliveries`);
  }
  await Promise.all(requests);
  const achievedRate = total / ((performance.now() - started) / 1000);
  // Let the last messages arrive.
  const expected = SOCKETS * (total - failed);
  for (let waited = 0, last = -1; waited < 10_000 && delivered < expected && delivered !== last; waited += 1000) {
    last = delivered;
    await pause(1000);
  }
  clearInterval(rssTimer);
  const windowSec = (performance.now() - started) / 1000;
  const clientsCpu = process.cpuUsage(clientsCpuBefore);
  const apiCpu = (await cpuMs(env.apiPids())) - apiCpuBefore;
  process.stderr.write(`\r  ${total}/${total} changes, ${delivered} deliveries\n`);

  let lost = 0;
  for (const counts of received) for (let i = 0; i < agents.length; i++) lost += Math.max(0, sentAt[i]!.length - counts[i]!);
  lost += failed * SOCKETS;
  for (const socket of sockets) socket.close();
  const peakRss = rss.reduce((max, sample) => sample.map((v, k) => Math.max(v, max[k] ?? 0)), [] as number[]);
  printSummary({
    sockets: snapshots,
    changesPerSec: round2(achievedRate),
    seconds: SECONDS,
    deliveryMs:
      delivered === 0
        ? { p50: Number.NaN, p99: Number.NaN, max: Number.NaN }
        : { p50: round2(latencies.percentile(50) / 1000), p99: round2(latencies.percentile(99) / 1000), max: round2(latencies.max / 1000) },
    deliveryP99MsBy10s: Array.from(latenciesBy10s, (histogram) => (histogram ? round2(histogram.percentile(99) / 1000) : null)),
    delivered,
    lost,
    outOfOrder,
    failedChanges: failed,
    failures,
    apiProcesses: API_PROCESSES,
    apiRssMb: peakRss,
    // Cores busy on average over the changes and the wait for the last deliveries.
    cpuCores: { clients: round2((clientsCpu.user + clientsCpu.system) / 1e6 / windowSec), api: round2(apiCpu / 1000 / windowSec), clientsNiced: NICE_CLIENTS },
  });
} finally {
  await env.close();
}
process.exit(0);
