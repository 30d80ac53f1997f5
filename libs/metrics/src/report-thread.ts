// A report thread's entry (run by ReportThreads, decision 0029): TypeORM's entities need the
// metadata polyfill before they load, as in the api's and the worker's own entries.
import 'reflect-metadata';
import type { MetricsGroupBy, MetricsInterval } from '@fc/contracts';
import { PgErrorCode, TransactionRunner, dataSourceOptions, pgErrorCode } from '@fc/persistence';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { move, workerData } from 'piscina';
import { DataSource } from 'typeorm';
import { metricsCsv } from './metrics-csv.js';
import { computeReport } from './metrics-report.js';
import { MetricsRepository, type MetricsSettings } from './metrics.repository.js';

/** What every report thread is started with. */
export interface ReportThreadSettings extends MetricsSettings {
  databaseUrl: string;
  statementTimeoutMs: number;
}

/** One report to compute, as the api checked it. */
export interface ReportTask {
  from: string;
  to: string;
  groupBy: MetricsGroupBy;
  interval: MetricsInterval | null;
  format: 'json' | 'csv';
}

/** The report's body as it goes out (moved to the api's thread, not copied), or null: a query ran past the statement timeout. */
export type ReportOutcome = Uint8Array | null;

const settings = workerData as ReportThreadSettings;

/**
 * The lowest CPU priority for this thread (Linux gives each thread its own nice value; its id is
 * the tail of /proc/thread-self): when the machine is busy, the floor's requests and sockets on
 * the api's main thread go first and a report waits. Elsewhere the thread keeps the process's.
 */
try {
  setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), 19);
} catch {
  // Not Linux, or not allowed: the report still runs, only at the process's priority.
}

/**
 * The thread's one connection, opened at its first report (and again after a failure to open):
 * a report's reads run one after the other, without PostgreSQL's parallel workers, so a report
 * takes at most one of the database's cores; each statement is cancelled after the timeout.
 */
let repository: Promise<MetricsRepository> | null = null;
const connected = (): Promise<MetricsRepository> =>
  (repository ??= new DataSource(
    dataSourceOptions({ url: settings.databaseUrl, applicationName: 'first-contact-reports', poolSize: 1, statementTimeoutMs: settings.statementTimeoutMs, parallelQuery: false }),
  )
    .initialize()
    .then((dataSource) => new MetricsRepository(dataSource, new TransactionRunner(dataSource), settings))
    .catch((error: unknown) => {
      repository = null;
      throw error;
    }));

export default async function computeReportInThread(task: ReportTask): Promise<ReportOutcome> {
  let text: string;
  try {
    const report = await computeReport({ from: new Date(task.from), to: new Date(task.to), groupBy: task.groupBy, interval: task.interval }, await connected(), settings);
    text = task.format === 'csv' ? metricsCsv(report) : JSON.stringify(report);
  } catch (error) {
    if (pgErrorCode(error) === PgErrorCode.QueryCanceled) return null;
    throw error;
  }
  // Its own buffer (not a slice of Node's shared pool), handed over whole.
  return move(new TextEncoder().encode(text)) as Uint8Array;
}
