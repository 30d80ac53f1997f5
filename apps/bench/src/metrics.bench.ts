import { performance } from 'node:perf_hooks';
import { BenchEnvironment } from './bench-environment.js';
import { printSummary, percentile, round2 } from './machine.js';

// `npm run bench:metrics`: a year of Danish volume (4,000,000 calls) generated into a fresh
// database, then through the api: one month by topic by day (target p95 ≤ 200 ms), the whole
// year by topic (target ≤ 1 s) and every agent's figures for one day (target p95 ≤ 100 ms).
// `-- --calls=N --days=N` for a smaller world; `--keep` leaves the database behind.
const flag = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const CALLS = flag('calls', 4_000_000);
const DAYS = flag('days', 365);
const keep = process.argv.includes('--keep');
const say = (line: string) => process.stderr.write(`${line}\n`);
const DAY = 86_400_000;

const env = await BenchEnvironment.create(40);
try {
  say(`generating ${CALLS} calls over ${DAYS} days into ${env.database}`);
  const started = performance.now();
  const summary = await env.generateHistory(CALLS, DAYS);
  const generateSec = (performance.now() - started) / 1000;

  const api = await env.spawnApi();
  const token = await env.supervisorToken();
  const end = new Date();
  end.setUTCHours(0, 0, 0, 0);
  const time = async (query: string): Promise<number> => {
    const t = performance.now();
    const response = await fetch(`${api}/api/metrics?${query}`, { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200) throw new Error(`${query}: ${response.status} ${await response.text()}`);
    const body = (await response.json()) as { rows: unknown[] };
    if (body.rows.length === 0) throw new Error(`${query}: no rows`);
    return performance.now() - t;
  };
  const range = (from: number, to: number) => `from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`;
  const months = Math.max(1, Math.floor(DAYS / 30));

  say('warming up');
  await time(`${range(end.getTime() - 30 * DAY, end.getTime())}&groupBy=topic&interval=1d`);
  say('one month by topic by day');
  const month: number[] = [];
  for (let i = 0; i < 24; i++) {
    const to = end.getTime() - (i % months) * 30 * DAY;
    month.push(await time(`${range(to - 30 * DAY, to)}&groupBy=topic&interval=1d`));
  }
  say('the whole range by topic');
  const year: number[] = [];
  for (let i = 0; i < 5; i++) year.push(await time(`${range(end.getTime() - DAYS * DAY, end.getTime())}&groupBy=topic`));
  say('every agent for one day');
  const agentDay: number[] = [];
  for (let i = 0; i < 24; i++) {
    const day = end.getTime() - (1 + ((i * 7) % Math.min(DAYS, 60))) * DAY;
    agentDay.push(await time(`${range(day, day + DAY)}&groupBy=agent`));
  }
  for (const samples of [month, year, agentDay]) samples.sort((a, b) => a - b);
  printSummary({
    calls: summary.calls,
    days: DAYS,
    monthByTopicByDayMs: { p50: round2(percentile(month, 50)), p95: round2(percentile(month, 95)), samples: month.length },
    yearByTopicMs: round2(percentile(year, 50)),
    yearByTopicMaxMs: round2(year.at(-1)!),
    agentDayMs: { p50: round2(percentile(agentDay, 50)), p95: round2(percentile(agentDay, 95)), samples: agentDay.length },
    generateSec: round2(generateSec),
    dbSizeMb: summary.dbSizeMb,
    history: { journeyEvents: summary.journeyEvents, agentEvents: summary.agentEvents, agents: summary.agents },
  });
} finally {
  await env.close({ keepDatabase: keep });
  if (keep) say(`kept database ${env.database}`);
}
process.exit(0);
