import { AppConfig } from '@fc/config';
import { dataSourceOptions } from '@fc/persistence';
import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MetricsRepository } from './metrics.repository.js';

/** The connection pool `GET /api/metrics` reads through: small, with a statement timeout. */
export const REPORTS_DATA_SOURCE = Symbol('REPORTS_DATA_SOURCE');
/** The metrics' reads on {@link REPORTS_DATA_SOURCE}. */
export const REPORTS_METRICS_REPOSITORY = Symbol('REPORTS_METRICS_REPOSITORY');

/**
 * Reports over long ranges read for seconds; on the pool routing and agents share they would hold
 * its connections (decision 0028). So they have their own: two connections per report allowed to
 * run at once, each statement cancelled after `metricsStatementTimeoutSec`.
 */
export const reportsDataSourceProviders: Provider[] = [
  {
    provide: REPORTS_DATA_SOURCE,
    inject: [AppConfig],
    useFactory: (config: AppConfig) =>
      new DataSource(
        dataSourceOptions({
          url: config.databaseUrl,
          applicationName: 'first-contact-reports',
          poolSize: 2 * config.metricsReportConcurrency,
          statementTimeoutMs: config.metricsStatementTimeoutSec * 1000,
        }),
      ).initialize(),
  },
  {
    provide: REPORTS_METRICS_REPOSITORY,
    inject: [REPORTS_DATA_SOURCE, AppConfig],
    useFactory: (dataSource: DataSource, config: AppConfig) => new MetricsRepository(dataSource, config),
  },
];

/** Closes the reports' pool with the process. */
@Injectable()
export class ReportsDataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(REPORTS_DATA_SOURCE) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
