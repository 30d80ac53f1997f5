import { TransactionRunner, type TransactionOptions } from '@fc/persistence';
import { Injectable } from '@nestjs/common';
import { DomainEventBus } from './domain-events.js';
import { JourneyTransaction } from './journey-transaction.js';

/**
 * The one way into the caller journey (DESIGN §3) and agents' states (decision 0003): the only
 * code that opens a {@link JourneyTransaction}, so calls, their journey log and agents' states
 * change nowhere else. The caller's, routing's and agents' actions ({@link CallerActions},
 * {@link RoutingActions}, {@link AgentActions}) and the libraries that add to a call's journey all
 * write through {@link run}: each change locks the rows it touches, moves the call through the
 * domain state machine, appends the journey event in the same transaction, and publishes domain
 * events after commit.
 */
@Injectable()
export class JourneyWriter {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly bus: DomainEventBus,
  ) {}

  /**
   * Runs `work` in one transaction (the {@link TransactionRunner}'s, retried on deadlocks) and
   * publishes its domain events after commit. What no write of `work` took along (riders, platform
   * events, the contributions of calls it finished) goes with the COMMIT.
   * @param options.pool the pool to run on, when not the process's own (the routing leader's rounds).
   */
  async run<T>(work: (tx: JourneyTransaction) => Promise<T>, options: Pick<TransactionOptions, 'pool'> = {}): Promise<T> {
    return this.transactions.run(async (unit) => {
      const tx = new JourneyTransaction(unit.manager);
      const result = await work(tx);
      await tx.writeContributions();
      unit.commitWith(tx.lastWrite());
      unit.afterCommit(() => this.bus.publish(tx.events));
      return result;
    }, options);
  }
}
