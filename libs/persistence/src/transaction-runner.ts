import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
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
  private last: Statement | null = null;

  constructor(readonly manager: EntityManager) {}

  /** The unit's last write, sent ahead of the COMMIT ({@link writeAhead}): should it fail, nothing is committed. Null: nothing to send. */
  commitWith(statement: Statement | null): void {
    this.last = statement;
  }

  /** The statement to send ahead of the COMMIT, if any ({@link commitWith}). */
  get lastWrite(): Statement | null {
    return this.last;
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
  /**
   * The pool to take the transaction's connection from: the process's own unless given. The
   * routing leader's rounds have one of their own, so that they never queue behind requests for a
   * connection (docs/decisions/0063).
   */
  pool?: DataSource;
}

/**
 * A write in `manager`'s transaction whose answer nothing waits for (a call's move): sent ahead of
 * the transaction's next statement, in one write and one round trip with it, where the connection
 * can (a {@link PreparingClient}'s; docs/decisions/0054); elsewhere sent and waited for. Statements
 * after it see what it wrote; should it fail, the next statement fails with its error.
 */
export async function writeAhead(manager: EntityManager, statement: Statement): Promise<void> {
  const client: unknown = await manager.queryRunner?.connect();
  if (client instanceof PreparingClient) client.queryAhead(statement.sql, statement.values);
  else await manager.query(statement.sql, statement.values);
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
        committed = await this.attempt(work, options.isolation, options.pool ?? this.dataSource);
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
  private async attempt<T>(work: (unit: UnitOfWork) => Promise<T>, isolation: IsolationLevel | undefined, pool: DataSource): Promise<{ result: T; unit: UnitOfWork }> {
    const runner = pool.createQueryRunner();
    try {
      await runner.startTransaction(isolation);
      const unit = new UnitOfWork(runner.manager);
      const result = await work(unit);
      // The last write goes ahead of the COMMIT: should it fail, the COMMIT fails with its error, and nothing is committed.
      if (unit.lastWrite) await writeAhead(unit.manager, unit.lastWrite);
      await runner.commitTransaction();
      return { result, unit };
    } catch (error) {
      // As TypeORM does: the unit's own error is the one to tell, whatever the rollback answers.
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }
}
