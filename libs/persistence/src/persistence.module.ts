import { AppConfig } from '@fc/config';
import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './data-source-options.js';
import { ENTITIES } from './entities/index.js';
import { TransactionRunner } from './transaction-runner.js';

/** The api processes' pools' `application_name` in `pg_stat_activity`. */
export const API_APPLICATION_NAME = 'first-contact-api';

/** The TypeORM connection, every entity's repository, and the one way to write in a transaction. */
@Module({})
export class PersistenceModule {
  static forRoot(applicationName: string): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => dataSourceOptions({ url: config.databaseUrl, applicationName, poolSize: config.databasePoolSize, preparedStatements: true }),
        }),
        TypeOrmModule.forFeature(ENTITIES),
      ],
      providers: [TransactionRunner],
      exports: [TypeOrmModule, TransactionRunner],
    };
  }
}
