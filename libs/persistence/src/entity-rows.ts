import type { EntityManager, ObjectLiteral } from 'typeorm';

/** Column types whose values `pg` returns exactly as TypeORM would hydrate them. */
const PLAIN_TYPES: ReadonlySet<string> = new Set(['uuid', 'varchar', 'char', 'text', 'integer', 'smallint', 'boolean', 'timestamptz', 'jsonb']);

/**
 * An entity's columns as plain SQL, and rows of them made into entities. For the reads the journey
 * makes several times in every call's lifecycle (locking a call, an agent): TypeORM's `find`
 * built the same query again each time and mapped its rows through its transformer, at more of the
 * api's time than the query itself took (decision 0050). The text is built once per entity, so a
 * prepared statement serves it.
 *
 * Only for entities whose every column `pg` returns as TypeORM would (the types above, no
 * transformer): checked when the shape is first built, so a column added later that needs
 * TypeORM's hydration fails loudly rather than reads wrong.
 */
export class EntityRows<T extends ObjectLiteral> {
  /** `"table"."column" AS "property", …` for a query on the entity's table under its own name. */
  readonly columns: string;
  /** The entity's table, quoted. */
  readonly table: string;
  private readonly properties: readonly string[];

  private constructor(
    manager: EntityManager,
    private readonly target: new () => T,
  ) {
    const metadata = manager.connection.getMetadata(target);
    // As `find` does: a column the entity marks `select: false` is not read.
    const selected = metadata.columns.filter((column) => column.isSelect);
    const unfit = selected.filter((column) => typeof column.type !== 'string' || !PLAIN_TYPES.has(column.type) || column.transformer !== undefined);
    if (unfit.length > 0) throw new Error(`${metadata.name}: ${unfit.map((c) => c.propertyName).join(', ')} need TypeORM's hydration`);
    this.table = `"${metadata.tableName}"`;
    this.columns = selected.map((column) => `${this.table}."${column.databaseName}" AS "${column.propertyPath}"`).join(', ');
    this.properties = selected.map((column) => column.propertyPath);
  }

  /** {@link columns} named `prefix` + property, for a row that holds another entity's columns too. */
  columnsPrefixed(prefix: string): string {
    return this.columns.replace(/ AS "/g, ` AS "${prefix}`);
  }

  /** The entity in a row selected with {@link columnsPrefixed}, or null where its id is null (an outer join found none). */
  entityPrefixed(row: Readonly<Record<string, unknown>>, prefix: string): T | null {
    if (row[`${prefix}id`] == null) return null;
    const entity = new this.target() as Record<string, unknown>;
    for (const property of this.properties) entity[property] = row[`${prefix}${property}`];
    return entity as T;
  }

  private static readonly shapes = new WeakMap<object, EntityRows<ObjectLiteral>>();

  /** The shape of `target`'s rows, built on first use. */
  static of<T extends ObjectLiteral>(manager: EntityManager, target: new () => T): EntityRows<T> {
    let shape = EntityRows.shapes.get(target);
    if (!shape) {
      shape = new EntityRows(manager, target) as unknown as EntityRows<ObjectLiteral>;
      EntityRows.shapes.set(target, shape);
    }
    return shape as unknown as EntityRows<T>;
  }

  /** Rows selected with {@link columns}, as entities. */
  entities(rows: readonly Record<string, unknown>[]): T[] {
    return rows.map((row) => Object.assign(new this.target(), row));
  }
}
