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
 * The connection runs in `pg`'s pipeline mode, and a transaction's frame costs no round trip of
 * its own (docs/decisions/0054): `START TRANSACTION` is not waited for but goes to PostgreSQL in
 * one write with the transaction's first statement, and a transaction's last write goes in one
 * write with its COMMIT ({@link queryBeforeCommit}). Each write to PostgreSQL's socket, and the
 * wake-up of its backend, was the api's largest cost under `bench:routing`. Answering BEGIN
 * before PostgreSQL has is safe because BEGIN cannot fail on a live session, and a dead one fails
 * the statement after it as well; should it fail all the same, the first query after its answer
 * (the COMMIT at the latest) is refused with its error, so the unit of work fails.
 */
export class PreparingClient extends pg.Client {
  private readonly names = new Map<string, string>();
  /**
   * While writes wait in the socket's buffer: until the next query is sent (after a BEGIN), or
   * until the next query without parameters, the COMMIT (after a transaction's last write).
   */
  private holding: 'next' | 'commit' | null = null;
  /** The error of a BEGIN sent without waiting, until a query after it reports it. */
  private beginError: Error | null = null;

  constructor(config: pg.ClientConfig = {}) {
    // Pipeline mode (pg 8.23) sends a query without waiting for the answer to the one before.
    super({ ...config, pipeline: true } as pg.ClientConfig);
  }

  // pg's own overloads: (text, values?, callback?) or (config, callback?).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(config: any, values?: any, callback?: any): any {
    if (config === BEGIN && values === undefined && callback === undefined) {
      this.holdWrites('next');
      (super.query(BEGIN) as Promise<pg.QueryResult>).catch((error: Error) => (this.beginError = error));
      return Promise.resolve({ command: 'BEGIN', rowCount: null, oid: 0, rows: [], fields: [] });
    }
    const parameterised = Array.isArray(values) && values.length > 0;
    try {
      if (this.beginError) {
        const error = this.beginError;
        this.beginError = null;
        return Promise.reject(error);
      }
      if (typeof config === 'string' && parameterised) {
        const name = this.nameOf(config);
        if (name !== null) return super.query({ name, text: config, values }, callback);
      }
      return super.query(config, values, callback);
    } finally {
      if (this.holding === 'next' || (this.holding === 'commit' && !parameterised)) this.sendHeldWrites();
    }
  }

  /** Queues `text` to be written with the query after it, the transaction's COMMIT; answers as {@link query}. */
  queryBeforeCommit(text: string, values: unknown[]): Promise<pg.QueryResult> {
    this.holdWrites('commit');
    return this.query(text, values) as Promise<pg.QueryResult>;
  }

  /** Holds writes in the socket's buffer; should nothing send them in this turn of the event loop, they go then. */
  private holdWrites(until: 'next' | 'commit'): void {
    if (!this.holding) {
      this.connection.stream.cork();
      setImmediate(() => this.sendHeldWrites());
    }
    this.holding = until;
  }

  private sendHeldWrites(): void {
    if (!this.holding) return;
    this.holding = null;
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
