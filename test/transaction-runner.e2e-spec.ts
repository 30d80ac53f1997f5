import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TransactionRunner, databaseWrites, dataSourceOptions, poolUse, writeAhead } from '@fc/persistence';
import { DataSource } from 'typeorm';
import { eventually } from './support/api-client.js';
import { countSocketWrites } from './support/socket-writes.js';
import { databaseUrl } from './support/test-run.js';
import { TestEnvironment } from './support/test-environment.js';

describe('TransactionRunner, the one way to write in a transaction', () => {
  let env: TestEnvironment;
  let dataSource: DataSource;
  let transactions: TransactionRunner;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    dataSource = await env.dataSource('transaction-runner-test', 4);
    transactions = new TransactionRunner(dataSource);
    await env.db.query('CREATE TABLE probe (id int PRIMARY KEY, n int NOT NULL)');
    await env.db.query('INSERT INTO probe VALUES (1, 0), (2, 0)');
  });
  afterAll(() => env?.close());

  it('runs what was registered after the commit, once, when the rows are there for others; never after a rollback', async () => {
    const effects: string[] = [];
    let seenByOthers: Promise<number> | null = null;
    await transactions.run(async (unit) => {
      await unit.manager.query('UPDATE probe SET n = 11 WHERE id = 1');
      unit.afterCommit(() => {
        effects.push('committed');
        // Another connection, at the moment the effect runs.
        seenByOthers = env.db.query<{ n: number }>('SELECT n FROM probe WHERE id = 1').then(({ rows }) => rows[0]!.n);
      });
      expect(effects).toEqual([]);
    });
    expect(effects).toEqual(['committed']);
    expect(await seenByOthers).toBe(11);

    await expect(
      transactions.run(async (unit) => {
        await unit.manager.query('UPDATE probe SET n = 99 WHERE id = 1');
        unit.afterCommit(() => effects.push('rolled back'));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(effects).toEqual(['committed']);
    const { rows } = await env.db.query<{ n: number }>('SELECT n FROM probe WHERE id = 1');
    expect(rows[0]!.n).toBe(11);
  });

  it("runs a deadlock's victim again from the start, and its after-commit work once", async () => {
    // Two units lock the same two rows in opposite orders, each waiting until the other holds its first.
    let release!: () => void;
    const bothHoldOne = new Promise<void>((resolve) => (release = resolve));
    let holding = 0;
    const attempts = { a: 0, b: 0 };
    const effects: string[] = [];
    const unitOf = (name: 'a' | 'b', first: number, second: number) =>
      transactions.run(async (unit) => {
        attempts[name]++;
        await unit.manager.query('UPDATE probe SET n = n + 1 WHERE id = $1', [first]);
        if (++holding === 2) release();
        await bothHoldOne;
        await unit.manager.query('UPDATE probe SET n = n + 1 WHERE id = $1', [second]);
        unit.afterCommit(() => effects.push(name));
      });

    await Promise.all([unitOf('a', 1, 2), unitOf('b', 2, 1)]);

    // PostgreSQL aborted one of them (40P01); it ran again and committed: three attempts at least.
    // (The victim's second run can take its first row before the survivor wakes and deadlock once
    // more, so a loaded machine sees four.) Each unit's work and effect still happened exactly once.
    expect(attempts.a + attempts.b).toBeGreaterThanOrEqual(3);
    expect(effects.sort()).toEqual(['a', 'b']);
    const { rows } = await env.db.query<{ id: number; n: number }>('SELECT id, n FROM probe ORDER BY id');
    expect(rows).toEqual([
      { id: 1, n: 13 },
      { id: 2, n: 2 },
    ]);
  }, 30_000);

  it('tells what its pool holds: connections lent, idle, and the queries waiting for one (fc_database_pool_* on /metrics)', async () => {
    // A row lock held elsewhere keeps every connection of the pool lent to a query that waits for it.
    const blocker = await env.db.connect();
    let queries: Promise<unknown>[] = [];
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT n FROM probe WHERE id = 2 FOR UPDATE');
      queries = Array.from({ length: 4 }, () => dataSource.query('SELECT n FROM probe WHERE id = 2 FOR UPDATE'));
      await eventually(
        async () => (await env.db.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'transaction-runner-test' AND wait_event_type = 'Lock'`)).rowCount === 4 || undefined,
        'four queries waiting for the lock',
      );
      queries.push(dataSource.query('SELECT 1'));
      await eventually(async () => poolUse(dataSource).waiting === 1 || undefined, 'a query waiting for a connection');
      expect(poolUse(dataSource)).toEqual({ size: 4, busy: 4, idle: 0, waiting: 1 });
    } finally {
      await blocker.query('COMMIT');
      blocker.release();
    }
    await Promise.all(queries);
    expect(poolUse(dataSource)).toMatchObject({ size: 4, busy: 0, waiting: 0 });
  });

  it("sends BEGIN, writes ahead and a unit's last write with the statement after them in the long-lived pools, and it is a transaction all the same", async () => {
    const pooled = await new DataSource(dataSourceOptions({ url: databaseUrl(env.databaseName), applicationName: 'transaction-runner-test', poolSize: 1, preparedStatements: true })).initialize();
    try {
      // The pool's one connection, with its writes to PostgreSQL's socket counted.
      const writes = await countSocketWrites(pooled);
      const countedBefore = databaseWrites();
      const pipelined = new TransactionRunner(pooled);

      await pipelined.run(async (unit) => {
        await unit.manager.query('UPDATE probe SET n = n + $1 WHERE id = 1', [100]);
        await unit.manager.query('UPDATE probe SET n = n + $1 WHERE id = 2', [100]);
      });
      // BEGIN with the first UPDATE, the second UPDATE, COMMIT: one write fewer than statements.
      expect(writes.count).toBe(3);
      // The last write with the COMMIT: BEGIN and the first UPDATE, the second UPDATE and COMMIT.
      writes.reset();
      await pipelined.run(async (unit) => {
        await unit.manager.query('UPDATE probe SET n = n + $1 WHERE id = 1', [10]);
        unit.commitWith({ sql: 'UPDATE probe SET n = n + $1 WHERE id = 2', values: [10] });
      });
      expect(writes.count).toBe(2);
      // A write ahead goes with the statement after it, which sees what it wrote.
      writes.reset();
      const seen = await pipelined.run(async (unit) => {
        await writeAhead(unit.manager, { sql: 'UPDATE probe SET n = n + $1 WHERE id = 1', values: [1] });
        const [{ n }]: { n: number }[] = await unit.manager.query('SELECT n FROM probe WHERE id = $1', [1]);
        return n;
      });
      expect(seen).toBe(124);
      expect(writes.count).toBe(2);
      // What `fc_database_writes_total` counts is what went to the socket.
      expect(databaseWrites() - countedBefore).toBe(writes.total);
      // A write ahead that fails fails the statement after it with its own error and text, and the unit.
      await expect(
        pipelined.run(async (unit) => {
          await writeAhead(unit.manager, { sql: 'UPDATE probe SET n = n / $1 WHERE id = 1', values: [0] });
          await unit.manager.query('UPDATE probe SET n = n + $1 WHERE id = 2', [1000]);
        }),
      ).rejects.toMatchObject({ message: 'division by zero', code: '22012', query: 'UPDATE probe SET n = n / $1 WHERE id = 1' });

      // A unit that fails after its first statement leaves nothing of it: BEGIN did open the transaction.
      await expect(
        pipelined.run(async (unit) => {
          await unit.manager.query('UPDATE probe SET n = n + $1 WHERE id = 1', [1000]);
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      // A unit that waits before its first statement sends BEGIN alone, and is a transaction too.
      await expect(
        pipelined.run(async (unit) => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          await unit.manager.query('UPDATE probe SET n = n + $1 WHERE id = 2', [1000]);
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      // A last write that fails makes the COMMIT a rollback, and the unit fails with its error.
      const effects: string[] = [];
      await expect(
        pipelined.run(async (unit) => {
          await unit.manager.query('UPDATE probe SET n = n + $1 WHERE id = 1', [1000]);
          unit.commitWith({ sql: 'UPDATE probe SET n = n / $1 WHERE id = 2', values: [0] });
          unit.afterCommit(() => effects.push('committed'));
        }),
      ).rejects.toThrow('division by zero');
      expect(effects).toEqual([]);
      // The connection is clean for the next unit.
      await pipelined.run(async (unit) => unit.commitWith({ sql: 'UPDATE probe SET n = n + $1 WHERE id = 1', values: [1] }));
      const { rows } = await env.db.query<{ id: number; n: number }>('SELECT id, n FROM probe ORDER BY id');
      expect(rows).toEqual([
        { id: 1, n: 125 },
        { id: 2, n: 112 },
      ]);
    } finally {
      await pooled.destroy();
    }
  });
});
