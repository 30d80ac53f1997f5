import { AppConfig } from '@fc/config';
import { OwnPool } from '@fc/persistence';
import { Injectable } from '@nestjs/common';

/** The rounds' connection's `application_name` in `pg_stat_activity`. */
export const ROUTING_ROUNDS_APPLICATION = 'first-contact-routing-rounds';

/**
 * The routing leader's rounds' own connection to PostgreSQL (docs/decisions/0063). Requests take
 * their connections from the process's pool, first come first served; under load all of them are
 * in use and a round that asked the same pool waited its turn behind them (a median of 68 ms in
 * `bench:routing`, before its first statement), and every caller waiting for an offer with it.
 * Rounds run one at a time in a process, so one connection is all they need, and they never wait
 * for a request's. Opened when the process starts to lead; the pool closes it after it has been
 * idle for 10 s, and opens it again for the next round.
 *
 * Its statements run with their generic plans, each planned once: PostgreSQL would otherwise plan
 * the round's locks (`id = ANY($1)`) and reads again at every round, and with rounds every few tens
 * of milliseconds under load that planning was a good part of their cost. Every statement a round
 * sends is written for a generic plan (states in the text, as decision 0049 has it).
 */
@Injectable()
export class RoutingConnection extends OwnPool {
  constructor(config: AppConfig) {
    super({ url: config.databaseUrl, applicationName: ROUTING_ROUNDS_APPLICATION, poolSize: 1, preparedStatements: true, genericPlans: true });
  }
}
