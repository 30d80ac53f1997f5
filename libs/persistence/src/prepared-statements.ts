import pg from 'pg';

/**
 * Distinct statements a connection keeps prepared, at most. Past it, new texts run unnamed as
 * before: a query builder can make texts without end (`IN` lists of every length), and each
 * prepared statement holds memory in its backend for the connection's life.
 */
export const PREPARED_STATEMENTS_PER_CONNECTION = 500;

/** What TypeORM sends to open a transaction: the text {@link PreparingClient} sends with the next statement. */
const BEGIN = 'START TRANSACTION';

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
 * The connection runs in `pg`'s pipeline mode, and a transaction's `START TRANSACTION` is not
 * waited for: it goes to PostgreSQL in one write with the transaction's first statement, and its
 * answer is read with that statement's (docs/decisions/0054). Each write to PostgreSQL's socket
 * was the api's largest cost under `bench:routing`; a transaction costs one write and one round
 * trip fewer. Safe because BEGIN cannot fail on a live session, and a dead one fails the statement
 * after it as well; should it fail all the same, the query after its answer (the COMMIT at the
 * latest) is refused with its error, so the unit of work fails rather than reporting success.
 */
export class PreparingClient extends pg.Client {
  private readonly names = new Map<string, string>();
  /** Set while a BEGIN waits in the socket's buffer for the statement it goes with. */
  private corked = false;
  /** The error of a BEGIN sent without waiting, until a statement after it reports it. */
  private beginError: Error | null = null;

  constructor(config: pg.ClientConfig = {}) {
    // Pipeline mode (pg 8.23) sends a query without waiting for the answer to the one before.
    super({ ...config, pipeline: true } as pg.ClientConfig);
  }

  // pg's own overloads: (text, values?, callback?) or (config, callback?).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(config: any, values?: any, callback?: any): any {
    if (config === BEGIN && values === undefined && callback === undefined) return this.beginWithNext();
    if (this.beginError) {
      const error = this.beginError;
      this.beginError = null;
      this.uncork();
      return Promise.reject(error);
    }
    try {
      if (typeof config === 'string' && Array.isArray(values) && values.length > 0) {
        const name = this.nameOf(config);
        if (name !== null) return super.query({ name, text: config, values }, callback);
      }
      return super.query(config, values, callback);
    } finally {
      this.uncork();
    }
  }

  /**
   * Queues BEGIN in the socket's buffer and answers at once; the next query's write takes it along.
   * Should no query follow in this turn of the event loop, it goes alone.
   */
  private beginWithNext(): Promise<pg.QueryResult> {
    const stream = this.connection.stream;
    stream.cork();
    this.corked = true;
    (super.query(BEGIN) as Promise<pg.QueryResult>).catch((error: Error) => (this.beginError = error));
    setImmediate(() => this.uncork());
    return Promise.resolve({ command: 'BEGIN', rowCount: null, oid: 0, rows: [], fields: [] });
  }

  private uncork(): void {
    if (!this.corked) return;
    this.corked = false;
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
