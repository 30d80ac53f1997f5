import { seededRandom, type CallAttribution } from '@fc/domain';
import { TALLY_COLUMNS, contributionRecords } from '@fc/persistence';
import cliProgress from 'cli-progress';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import { runTool } from './database-tool.js';
import { CallHistory, NON_RESOLVING_SHARE, type HistoryAgentEvent, type HistoryCall, type HistoryEvent, type HistoryPlant, type HistorySink } from './history/call-history.js';

/*
 * `npm run db:generate -- --calls 4000000 --days 365`: realistic call history (see
 * history/call-history.ts) and each call's metrics contributions written with COPY into a migrated,
 * seeded database, then the metrics rollups rebuilt from the contributions. Grows the floor with history-only agents when the volume needs more
 * people than the demo has. For development and benchmarks: it needs a superuser (it turns
 * triggers off for its own session while loading), and the database should be one you can spare.
 */

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '100000' },
    days: { type: 'string', default: '365' },
    agents: { type: 'string' },
    seed: { type: 'string', default: '2800' },
    quiet: { type: 'boolean', default: false },
    // A known change, for testing the effect measurement (decision 0039): `--plant-topic passport --plant-at 2026-10-01 --plant-fcr 0.10`.
    // The day the history ends (it ends at that day's start, UTC); default today. A fixed end makes the same seed give the same history on any day.
    end: { type: 'string' },
    'plant-topic': { type: 'string' },
    'plant-at': { type: 'string' },
    'plant-fcr': { type: 'string' },
  },
});

/** Agent-seconds one call takes (talk, wrap-up, transfers), and what one agent gives a day at a sustainable pace. */
const AGENT_SECONDS_PER_CALL = 290;
const AGENT_SECONDS_PER_DAY = 30_000;

const NEEDS_ESCAPE = /[\\\t\n\r]/;
/** A value in COPY's text format; most values (ids, keys, numbers) need no escaping at all. */
const text = (value: unknown): string => {
  if (value === null || value === undefined) return '\\N';
  if (value instanceof Date) return value.toISOString();
  const string = String(value);
  return NEEDS_ESCAPE.test(string) ? string.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!) : string;
};

/** Rows are sent in chunks of about this many characters: one message per row costs a system call each. */
const CHUNK = 256 * 1024;

/** One COPY … FROM STDIN on its own connection, written in chunks with back-pressure. */
class CopyWriter {
  private stream: Writable | null = null;
  private client: pg.Client | null = null;
  private pending = '';

  constructor(
    private readonly url: string,
    private readonly statement: string,
  ) {}

  async open(): Promise<void> {
    this.client = new pg.Client({ connectionString: this.url, application_name: 'first-contact-history' });
    await this.client.connect();
    // Triggers (the live floor's announcements, the rollups, append-only guards) are for live
    // changes; the rollups are rebuilt once at the end.
    await this.client.query(`SET session_replication_role = replica`);
    this.stream = this.client.query(copyStreams.from(this.statement));
  }

  write(fields: readonly unknown[]): Promise<void> {
    let line = text(fields[0]);
    for (let i = 1; i < fields.length; i++) line += `\t${text(fields[i])}`;
    this.pending += `${line}\n`;
    if (this.pending.length < CHUNK) return Promise.resolve();
    const chunk = this.pending;
    this.pending = '';
    if (this.stream!.write(chunk)) return Promise.resolve();
    return new Promise((resolve) => this.stream!.once('drain', resolve));
  }

  async close(): Promise<void> {
    if (this.pending) this.stream!.write(this.pending);
    this.pending = '';
    await new Promise<void>((resolve, reject) => {
      this.stream!.once('finish', resolve);
      this.stream!.once('error', reject);
      this.stream!.end();
    });
    await this.client!.end();
  }
}

/** The planted change the options ask for, checked; none without `--plant-topic`. */
function plantOption(topics: readonly { key: string }[], from: Date, to: Date): HistoryPlant | undefined {
  const topicKey = values['plant-topic'];
  if (topicKey === undefined) {
    if (values['plant-at'] !== undefined || values['plant-fcr'] !== undefined) throw new Error('--plant-at and --plant-fcr need --plant-topic');
    return undefined;
  }
  if (!topics.some((t) => t.key === topicKey)) throw new Error(`--plant-topic: no active topic "${topicKey}"`);
  const at = new Date(values['plant-at'] ?? '');
  if (Number.isNaN(at.getTime()) || at <= from || at >= to) throw new Error(`--plant-at must be a date inside the history, after ${from.toISOString()} and before ${to.toISOString()}`);
  const fcr = Number(values['plant-fcr']);
  if (!(fcr > 0 && fcr <= NON_RESOLVING_SHARE)) throw new Error(`--plant-fcr must be a share above 0 and at most ${NON_RESOLVING_SHARE.toFixed(2)} (the finished calls that do not resolve)`);
  // A stream of its own, from the seed: the history without the plant's draws is the same as without the plant.
  return { topicKey, at, fcr, random: seededRandom(Number(values.seed) + 1) };
}

await runTool('db:generate', async (config) => {
  const calls = Number(values.calls);
  const days = Number(values.days);
  if (!Number.isInteger(calls) || calls < 1 || !Number.isInteger(days) || days < 1 || days > 3660) throw new Error('--calls must be a whole number ≥ 1 and --days 1–3660');
  const db = new pg.Client({ connectionString: config.databaseUrl });
  await db.connect();
  try {
    const { rows: superuser } = await db.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = current_user');
    if (!superuser[0]?.rolsuper) throw new Error('needs a superuser connection (it loads with triggers off for its own session)');
    const topics = (
      await db.query<{ id: string; key: string; priority: number; serviceLevelThresholdSec: number }>(
        'SELECT id, key, priority, service_level_threshold_sec AS "serviceLevelThresholdSec" FROM topics WHERE active',
      )
    ).rows;
    if (topics.length === 0) throw new Error('no topics: run `npm run db:migrate` and `npm run db:seed` first');
    const end = values.end === undefined ? new Date() : new Date(values.end);
    if (Number.isNaN(end.getTime())) throw new Error('--end must be a date such as 2026-11-01');
    end.setUTCHours(0, 0, 0, 0);
    const plant = plantOption(topics, new Date(end.getTime() - days * 86_400_000), end);
    const wanted = Number(values.agents ?? Math.ceil(((calls / days) * AGENT_SECONDS_PER_CALL) / AGENT_SECONDS_PER_DAY));
    await db.query(
      `WITH new_users AS (
         INSERT INTO users (username, password_hash, role, display_name)
         SELECT 'history' || lpad(n::text, 4, '0'), 'no-login', 'agent', 'Historikk ' || n
           FROM generate_series((SELECT count(*) FROM agents) + 1, $1::int) n
         ON CONFLICT (username) DO NOTHING
         RETURNING id)
       INSERT INTO agents (user_id, team) SELECT id, 'Historikk' FROM new_users`,
      [wanted],
    );
    const agents = (await db.query<{ id: string }>('SELECT id FROM agents ORDER BY id')).rows.map((r) => r.id);

    const url = config.databaseUrl;
    const callWriter = new CopyWriter(
      url,
      `COPY calls (id, external_id, direction, state, topic_id, language, priority, transfer_count, agent_id, caller_key, outcome, expectation_aligned,
                   arrived_at, queued_at, waiting_since, escalation_step, answered_at, ended_at, completed_at, repeat_of_call_id, repeat_contact_at, last_seq)
       FROM STDIN`,
    );
    const eventWriter = new CopyWriter(url, 'COPY call_events (call_id, seq, type, at, agent_id, data) FROM STDIN');
    const agentEventWriter = new CopyWriter(url, 'COPY agent_events (agent_id, at, state, call_id) FROM STDIN');
    const contributionColumns = ['call_id', 'kind', 'ordinal', 'entity_id', 'counted_at', 'call_arrived_at', ...Object.values(TALLY_COLUMNS)];
    const contributionWriter = new CopyWriter(url, `COPY call_contributions (${contributionColumns.join(', ')}) FROM STDIN`);
    const writers = [callWriter, eventWriter, agentEventWriter, contributionWriter];
    for (const writer of writers) await writer.open();
    const sink: HistorySink = {
      call: async (c: HistoryCall, attribution: CallAttribution) => {
        await callWriter.write([
          c.id,
          c.externalId,
          'inbound',
          c.state,
          c.topicId,
          'nb',
          c.priority,
          c.transferCount,
          c.agentId,
          c.callerKey,
          c.outcome,
          c.expectationAligned,
          c.arrivedAt,
          c.queuedAt,
          c.queuedAt,
          0,
          c.answeredAt,
          c.endedAt,
          c.completedAt,
          c.repeatOfCallId,
          c.repeatContactAt,
          c.lastSeq,
        ]);
        for (const record of contributionRecords({ callId: c.id, arrivedAt: c.arrivedAt, attribution })) {
          await contributionWriter.write(contributionColumns.map((column) => record[column]));
        }
      },
      event: (e: HistoryEvent) => eventWriter.write([e.callId, e.seq, e.type, e.at, e.agentId, JSON.stringify(e.data)]),
      agentEvent: (e: HistoryAgentEvent) => agentEventWriter.write([e.agentId, e.at, e.state, e.callId]),
    };

    const started = performance.now();
    const bar = values.quiet
      ? null
      : new cliProgress.SingleBar(
          { format: 'calls {bar} {percentage}% | {value}/{total} | {eta_formatted} left', etaBuffer: 50, noTTYOutput: true, notTTYSchedule: 10_000 },
          cliProgress.Presets.shades_classic,
        );
    bar?.start(calls, 0);
    const history = new CallHistory({ calls, days, end, timeZone: config.metricsTimeZone, plant }, topics, agents, seededRandom(Number(values.seed)), sink);
    await history.write((done) => bar?.update(done));
    bar?.stop();
    for (const writer of writers) await writer.close();
    process.stderr.write('rebuilding the metrics rollups, vacuuming and analysing…\n');
    await db.query('SELECT call_tallies_rebuild()');
    // Vacuumed now, not by autovacuum in the middle of whatever runs next; visibility maps make index-only scans possible.
    await db.query('VACUUM (ANALYZE) calls, call_events, agent_events, call_contributions, call_tallies_topic, call_tallies_agent, call_tallies_centre');
    const seconds = (performance.now() - started) / 1000;
    const { rows: size } = await db.query<{ mb: number }>('SELECT round(pg_database_size(current_database()) / 1048576.0)::int AS mb');
    process.stdout.write(
      `${JSON.stringify({ calls: history.counts.calls, journeyEvents: history.counts.events, agentEvents: history.counts.agentEvents, agents: agents.length, days, seconds: Math.round(seconds * 10) / 10, dbSizeMb: size[0]!.mb })}\n`,
    );
  } finally {
    await db.end();
  }
});
