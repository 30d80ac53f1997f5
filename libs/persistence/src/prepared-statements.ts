import pg from 'pg';

/**
 * Distinct statements a connection keeps prepared, at most. Past it, new texts run unnamed as
 * before: a query builder can make texts without end (`IN` lists of every length), and each
 * prepared statement holds memory in its backend for the connection's life.
 */
export const PREPARED_STATEMENTS_PER_CONNECTION = 500;

/** What TypeORM sends to open a transaction: the text {@link PreparingClient} sends ahead of the next statement. */
const BEGIN = 'START TRANSACTION';

/** Writes to PostgreSQL's sockets by this process's {@link PreparingClient}s so far. */
let writes = 0;

/**
 * How many writes this process's long-lived pools have made to PostgreSQL's sockets: one round
 * trip each, whatever number of statements went in it (`fc_database_writes_total` on `/metrics`).
 */
export function databaseWrites(): number {
  return writes;
}

/**
 * A `pg` client that prepares each parameterised statement the first time its connection sends it,
 * and from then on only binds and executes it (docs/decisions/0049). `pg` sends every other query
 * as an unnamed statement, which PostgreSQL parses and plans again at each execution: under
 * `bench:routing` planning was a third of the database's statement time, 4 ms of it for each
 * arrival's queue places alone. A prepared statement is planned for its first five executions,
 * then PostgreSQL keeps a generic plan where that plan is no dearer than planning each time.
 *
 * Statements are named per connection, by text: the same text is the same statement, and no name
 * is ever reused for another. Queries without parameters (BEGIN, COMMIT, DDL) go as they are.
 *
 * The connection runs in `pg`'s pipeline mode, and some statements are sent ahead
 * ({@link queryAhead}, docs/decisions/0054): nobody waits for their answer; they go to PostgreSQL
 * in one write with the query after them, and their failure fails that query, with their own
 * error. A transaction's `START TRANSACTION` goes so, and the writes whose answer a transaction
 * does not need (a call's move, its last write before the COMMIT). Each write is a round trip: a
 * wait for PostgreSQL in the request, and a switch between processes on a shared machine.
 */
export class PreparingClient extends pg.Client {
  private readonly names = new Map<string, string>();
  /** Set while statements sent ahead wait in the socket's buffer for the query after them. */
  private holding = false;
  /** Counts the holds, so that a hold's fallback timer sends that hold only. */
  private holds = 0;
  /** The first error of the statements sent ahead since the last query, once they are answered (null if none failed). */
  private ahead: Promise<Error | null> | null = null;

  constructor(config: pg.ClientConfig = {}) {
    // Pipeline mode (pg 8.23) sends a query without waiting for the answer to the one before.
    super({ ...config, pipeline: true } as pg.ClientConfig);
  }

  // pg's own overloads: (text, values?, callback?) or (config, callback?).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(config: any, values?: any, callback?: any): any {
    // BEGIN cannot fail on a live session, and a dead one fails the next query too: TypeORM need not wait for it.
    if (config === BEGIN && values === undefined && callback === undefined) {
      this.queryAhead(BEGIN, []);
      return Promise.resolve({ command: 'BEGIN', rowCount: null, oid: 0, rows: [], fields: [] });
    }
    const ahead = callback === undefined ? this.ahead : null;
    if (ahead) this.ahead = null;
    // One write: this query, with whatever waits ahead of it.
    writes++;
    let result: Promise<pg.QueryResult>;
    try {
      result = this.submit(config, values, callback);
    } finally {
      this.sendHeld();
    }
    if (!ahead) return result;
    // A statement ahead that failed aborted the transaction, and this query with it: its error is the one to tell.
    return result.then(
      (answer) => ahead.then((error) => (error ? Promise.reject(error) : answer)),
      (failure: unknown) => ahead.then((error) => Promise.reject(error ?? failure)),
    );
  }

  /**
   * Sends `text` ahead of the next query: in one write with it, without waiting for its answer.
   * Its failure fails the next query (a COMMIT becomes a rollback) with its own error.
   */
  queryAhead(text: string, values: unknown[]): void {
    if (!this.holding) {
      this.holding = true;
      this.connection.stream.cork();
      // Should no query follow in this turn of the event loop, what waits goes alone.
      const hold = ++this.holds;
      setImmediate(() => {
        if (!this.holding || this.holds !== hold) return;
        writes++;
        this.sendHeld();
      });
    }
    const failed = (this.submit(text, values) as Promise<pg.QueryResult>).then(
      () => null,
      // Told with the statement that failed, not the query it fails: TypeORM's error for that
      // query takes its text and parameters from here (the log redacts the parameters).
      (error: Error) => Object.assign(error, { query: text, parameters: values }),
    );
    const before = this.ahead;
    this.ahead = before ? before.then(async (error) => error ?? (await failed)) : failed;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private submit(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0) {
      const name = this.nameOf(config);
      if (name !== null) return super.query({ name, text: config, values }, callback);
    }
    return super.query(config, values, callback);
  }

  private sendHeld(): void {
    if (!this.holding) return;
    this.holding = false;
    this.connection.stream.uncork();
  }

  private nameOf(text: string): string | null {
    const known = this.names.get(text);
    if (known !== undefined) return known;
    if (this.names.size >= PREPARED_STATEMENTS_PER_CONNECTION) return null;
    const name = `fc_${this.names.size + 1}`;
    this.names.set(text, name);
    return name;
  }
}
