import { JobName, QUEUE_OF_JOB, jobIdOf, type FollowUpCause, type FollowUpKind, type JobPayloads, type OutboxJobName } from '@fc/contracts';
import { followUpKindsFor } from '@fc/domain';
import { CallerNumberEntity } from '@fc/persistence';
import type { EntityManager } from 'typeorm';

/**
 * Writes a job to the outbox inside the caller's transaction: it exists exactly when the change
 * that calls for it committed. The relay puts it on its queue. Returns false when the same job
 * (same deterministic id) was already written.
 */
export async function addJobInTransaction<J extends OutboxJobName>(manager: EntityManager, name: J, payload: JobPayloads[J]): Promise<boolean> {
  const { sql, values } = jobInsertOf(name, payload);
  const rows: unknown[] = await manager.query(`${sql} RETURNING id`, values);
  return rows.length > 0;
}

/**
 * The INSERT of one outbox job ({@link addJobInTransaction}'s), for a writer that sends it with its
 * own statement (`JourneyTransaction.ride`: no round trip of its own). One row as plain
 * parameters, so a prepared statement keeps one plan. With `ifCallerNumberOf`, the job is written
 * only if that call's caller number is kept, decided by the database in the same statement.
 */
export function jobInsertOf<J extends OutboxJobName>(name: J, payload: JobPayloads[J], options: { ifCallerNumberOf?: string } = {}): { sql: string; values: unknown[] } {
  const values: unknown[] = [QUEUE_OF_JOB[name], name, jobIdOf(name, payload), JSON.stringify(payload)];
  const condition = options.ifCallerNumberOf === undefined ? '' : ` WHERE EXISTS (SELECT 1 FROM caller_numbers WHERE call_id = $${values.push(options.ifCallerNumberOf)}::uuid)`;
  return { sql: `INSERT INTO job_outbox (queue, name, job_id, payload) SELECT $1, $2, $3, $4::jsonb${condition} ON CONFLICT (job_id) DO NOTHING`, values };
}

/**
 * {@link addJobInTransaction} for many jobs of one name in one statement (a routing round's
 * platform events, one delivery job each). Returns how many were new.
 */
export async function addJobsInTransaction<J extends OutboxJobName>(manager: EntityManager, name: J, payloads: readonly JobPayloads[J][]): Promise<number> {
  if (payloads.length === 0) return 0;
  const rows: unknown[] = await manager.query(
    `INSERT INTO job_outbox (queue, name, job_id, payload)
     SELECT $1, $2, v.job_id, v.payload::jsonb FROM unnest($3::varchar[], $4::text[]) AS v(job_id, payload)
     ON CONFLICT (job_id) DO NOTHING RETURNING id`,
    [QUEUE_OF_JOB[name], name, payloads.map((payload) => jobIdOf(name, payload)), payloads.map((payload) => JSON.stringify(payload))],
  );
  return rows.length;
}

/** Marks an outbox job done; call it in the transaction that commits the job's effect. */
export async function markJobDone(manager: EntityManager, jobId: string): Promise<void> {
  await manager.query('UPDATE job_outbox SET done_at = now() WHERE job_id = $1 AND done_at IS NULL', [jobId]);
}

/**
 * Records that a call went wrong for `cause`, in the transaction of the change that shows it:
 * one follow-up job per kind the cause calls for (DESIGN §6).
 * `hasNumber` spares the lookup when the caller already knows whether the number is kept.
 * @returns the kinds of follow-up that will be created.
 */
export async function recordFollowUpCause(manager: EntityManager, callId: string, cause: FollowUpCause, at: Date, hasNumber?: boolean): Promise<FollowUpKind[]> {
  const kinds = followUpKindsFor(cause, { hasNumber: hasNumber ?? (await manager.existsBy(CallerNumberEntity, { callId })) });
  for (const kind of kinds) await addJobInTransaction(manager, JobName.CreateFollowUp, { callId, kind, cause, at: at.toISOString() });
  return kinds;
}
