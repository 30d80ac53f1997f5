import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel.js';
import { PgErrorCode, pgErrorCode } from './postgres-errors.js';

/** Attempts of a unit of work that PostgreSQL chose as a deadlock's victim or could not serialise. */
const MAX_ATTEMPTS = 4;

/** One attempt of a unit of work: the transaction's entity manager, and what to do once it commits. */
export class UnitOfWork {
  private readonly effects: (() => void)[] = [];

  constructor(readonly manager: EntityManager) {}

  /**
   * Runs `effect` once the transaction has committed, and never if it rolls back: domain events,
   * messages to other processes, anything others must not see before the rows are there.
   */
  afterCommit(effect: () => void): void {
    this.effects.push(effect);
  }

  /** @internal Called by {@link TransactionRunner} after the commit. */
  committed(): void {
    for (const effect of this.effects) effect();
  }
}

export interface TransactionOptions {
  /** READ COMMITTED (PostgreSQL's default) unless given; a report reads one snapshot with REPEATABLE READ. */
  isolation?: IsolationLevel;
}

/**
 * The one way the product writes in a transaction (decision 0031): `work` runs in a transaction
 * and is run again, from the start, when PostgreSQL picked it as a deadlock's victim or could not
 * serialise it (up to four attempts); what it registered with `afterCommit` runs once, after
 * the commit of the attempt that succeeded.
 */
@Injectable()
export class TransactionRunner {
  private readonly logger = new Logger(TransactionRunner.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async run<T>(work: (unit: UnitOfWork) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const attempt = async (manager: EntityManager) => {
      const unit = new UnitOfWork(manager);
      return { result: await work(unit), unit };
    };
    for (let attempts = 1; ; attempts++) {
      let committed: { result: T; unit: UnitOfWork };
      try {
        committed = options.isolation ? await this.dataSource.transaction(options.isolation, attempt) : await this.dataSource.transaction(attempt);
      } catch (error) {
        const code = pgErrorCode(error);
        const retryable = code === PgErrorCode.DeadlockDetected || code === PgErrorCode.SerializationFailure;
        if (!retryable || attempts >= MAX_ATTEMPTS) throw error;
        this.logger.warn({ code, attempt: attempts }, 'transaction retried');
        continue;
      }
      // Outside the retry: a unit that committed is never run again, whatever its effects throw.
      committed.unit.committed();
      return committed.result;
    }
  }
}
