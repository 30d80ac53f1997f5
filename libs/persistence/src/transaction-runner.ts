import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel.js';
import { PgErrorCode, pgErrorCode } from './postgres-errors.js';
import { PreparingClient } from './prepared-statements.js';

/** A statement to send later, or with something else: its parameters are numbered from $1. */
export interface Statement {
  sql: string;
  values: unknown[];
}

/** Attempts of a unit of work that PostgreSQL chose as a deadlock's victim or could not serialise. */
const MAX_ATTEMPTS = 4;

/** One attempt of a unit of work: the transaction's entity manager, and what to do once it commits. */
export class UnitOfWork {
  private readonly effects: (() => void)[] = [];
  /** @internal The statement sent with the COMMIT, if any. */
  lastWrite: Statement | null = null;

  constructor(readonly manager: EntityManager) {}

  /**
   * Sends `statement` with the COMMIT, in one write and one round trip (docs/decisions/0054): the
   * work's last write, which needs nothing back. Should it fail, PostgreSQL rolls the transaction
   * back instead of committing it, and the unit fails with its error. Null: nothing to send.
   */
  commitWith(statement: Statement | null): void {
    this.lastWrite = statement;
  }

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
    for (let attempts = 1; ; attempts++) {
      let committed: { result: T; unit: UnitOfWork };
      try {
        committed = await this.attempt(work, options.isolation);
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

  /** One attempt, as TypeORM's `transaction` runs one, but with the unit's last write sent along with the COMMIT. */
  private async attempt<T>(work: (unit: UnitOfWork) => Promise<T>, isolation: IsolationLevel | undefined): Promise<{ result: T; unit: UnitOfWork }> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.startTransaction(isolation);
      const unit = new UnitOfWork(runner.manager);
      const result = await work(unit);
      await commit(runner, unit.lastWrite);
      return { result, unit };
    } catch (error) {
      // Nothing to roll back when the COMMIT has ended the transaction (a last write that failed made it a rollback).
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }
}

/**
 * Commits, with `last` sent before the COMMIT and in the same write: pg sends the two in order
 * without waiting for the first's answer (the long-lived pools run in pipeline mode; elsewhere the
 * COMMIT waits its turn). A failed `last` aborts the transaction, and PostgreSQL answers the COMMIT
 * of an aborted transaction by rolling it back: then `last`'s error is thrown.
 */
async function commit(runner: QueryRunner, last: Statement | null): Promise<void> {
  if (!last) return runner.commitTransaction();
  // The statement goes to pg's queue straight away, so before the COMMIT whatever TypeORM awaits on its way there.
  const client = (await runner.connect()) as PreparingClient | { query(sql: string, values: unknown[]): Promise<unknown> };
  const sent = client instanceof PreparingClient ? client.queryBeforeCommit(last.sql, last.values) : client.query(last.sql, last.values);
  const [written, committed] = await Promise.allSettled([sent, runner.commitTransaction()]);
  if (written.status === 'rejected') throw written.reason;
  if (committed.status === 'rejected') throw committed.reason;
}
