import { AppConfig } from '@fc/config';
import { OwnPool } from '@fc/persistence';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';

/** The offers' connections' `application_name` in `pg_stat_activity`. */
export const OFFERS_APPLICATION = 'first-contact-offers';

/**
 * What an offer's delivery reads, on connections of its own (docs/decisions/0069): the caller's
 * history with its audit, and why an offer ended. On the process's pool they waited behind the
 * requests for a connection (in `bench:routing` at 95 arrivals/s, a median of 1,032 ms between
 * the round's offer reaching this process and the history's answer), and the agent's console,
 * and the caller, waited with them. Two, so that one slow read does not hold up the offers of
 * other agents.
 */
@Injectable()
export class OfferConnection extends OwnPool implements OnApplicationShutdown {
  constructor(config: AppConfig) {
    super({ url: config.databaseUrl, applicationName: OFFERS_APPLICATION, poolSize: 2, preparedStatements: true });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
