import pg from 'pg';

/**
 * Distinct statements a connection keeps prepared, at most. Past it, new texts run unnamed as
 * before: a query builder can make texts without end (`IN` lists of every length), and each
 * prepared statement holds memory in its backend for the connection's life.
 */
export const PREPARED_STATEMENTS_PER_CONNECTION = 500;

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
 */
export class PreparingClient extends pg.Client {
  private readonly names = new Map<string, string>();

  // pg's own overloads: (text, values?, callback?) or (config, callback?).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0) {
      const name = this.nameOf(config);
      if (name !== null) return super.query({ name, text: config, values }, callback);
    }
    return super.query(config, values, callback);
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
