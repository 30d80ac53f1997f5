import type pg from 'pg';
import type { EntityManager } from 'typeorm';

export type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };

/** Every node of a plan (EXPLAIN's JSON), depth first. */
export const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

/**
 * The plans `work` would run with, each statement explained instead of run, as the generic plan
 * PostgreSQL may settle on for a prepared statement (the api prepares its statements): one plan
 * for any parameters, which cannot use a partial index whose predicate is a parameter.
 * `answer(i)` gives the rows the i-th statement returns, so that `work` goes on as it would.
 */
export async function genericPlansOf(db: pg.Pool, work: (manager: EntityManager) => Promise<unknown>, answer: (index: number) => unknown[] = () => []): Promise<PlanNode[]> {
  const client = await db.connect();
  const plans: PlanNode[] = [];
  try {
    await client.query('SET plan_cache_mode = force_generic_plan');
    const explaining = {
      query: async (sql: string, parameters: unknown[] = []) => {
        const name = `explained_${plans.length}`;
        await client.query(`PREPARE ${name} AS ${sql}`);
        const values = parameters.map((value) => (value === null ? 'NULL' : client.escapeLiteral(Array.isArray(value) ? `{${value.join(',')}}` : String(value)))).join(', ');
        const execute = parameters.length > 0 ? `EXECUTE ${name}(${values})` : `EXECUTE ${name}`;
        plans.push((await client.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(`EXPLAIN (FORMAT JSON) ${execute}`)).rows[0]!['QUERY PLAN'][0]!.Plan);
        return answer(plans.length - 1);
      },
    } as unknown as EntityManager;
    await work(explaining);
  } finally {
    await client.query('DEALLOCATE ALL; RESET plan_cache_mode');
    client.release();
  }
  return plans;
}
