import { AppConfig } from '@fc/config';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Piscina } from 'piscina';
import { ReportsBusyError } from './metrics-errors.js';
import type { ReportOutcome, ReportTask, ReportThreadSettings } from './report-thread.js';

/** A report whose client went away before it was done: nobody will read it. */
export class ReportAbandonedError extends Error {
  constructor() {
    super('the client went away before the report was computed');
  }
}

/** How long a report thread with nothing to do stays up (its start loads the data layer). */
const IDLE_THREAD_MS = 60_000;

/**
 * Requested reports are computed in threads of their own (decision 0029): their queries, the
 * summing of a year of rows and the megabytes of text never hold the event loop that serves the
 * floor's requests and sockets, and their garbage is collected on their own heaps.
 * `METRICS_REPORT_CONCURRENCY` threads at most (started when needed, stopped when idle), each
 * with one database connection; `METRICS_REPORT_QUEUE` reports may wait for one, one more is
 * refused at once with 503. A report whose client goes away leaves the queue, or has its thread
 * stopped if it is already being computed.
 */
@Injectable()
export class ReportThreads implements OnApplicationShutdown {
  private readonly pool: Piscina<ReportTask, ReportOutcome>;
  private inProgress = 0;

  constructor(private readonly config: AppConfig) {
    const settings: ReportThreadSettings = {
      databaseUrl: config.databaseUrl,
      statementTimeoutMs: config.metricsStatementTimeoutSec * 1000,
      metricsTimeZone: config.metricsTimeZone,
      repeatWindowDays: config.repeatWindowDays,
    };
    this.pool = new Piscina({
      // The built thread, from dist/ and from src/ (in-process tests) alike: threads run plain Node.
      filename: new URL('../dist/report-thread.js', import.meta.url).href,
      minThreads: 0,
      maxThreads: config.metricsReportConcurrency,
      concurrentTasksPerWorker: 1,
      idleTimeout: IDLE_THREAD_MS,
      workerData: settings,
    });
  }

  /** Reports being computed and reports waiting for a thread, in this process. */
  get load(): { running: number; waiting: number } {
    const waiting = this.pool.queueSize;
    return { running: this.inProgress - waiting, waiting };
  }

  /**
   * @throws ReportsBusyError when every thread is busy and the queue is full
   * @throws ReportAbandonedError when `signal` aborted before the report was done
   */
  async run(task: ReportTask, signal: AbortSignal): Promise<ReportOutcome> {
    if (signal.aborted) throw new ReportAbandonedError();
    const { running, waiting } = this.load;
    if (this.inProgress >= this.config.metricsReportConcurrency + this.config.metricsReportQueue) {
      throw new ReportsBusyError(running, waiting);
    }
    this.inProgress++;
    try {
      return await this.pool.run(task, { signal });
    } catch (error) {
      if (signal.aborted) throw new ReportAbandonedError();
      throw error;
    } finally {
      this.inProgress--;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.destroy();
  }
}
