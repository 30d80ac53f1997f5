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
  const rows: unknown[] = await manager.query(
    `INSERT INTO job_outbox (queue, name, job_id, payload) VALUES ($1, $2, $3, $4)
     ON CONFLICT (job_id) DO NOTHING RETURNING id`,
    [QUEUE_OF_JOB[name], name, jobIdOf(name, payload), JSON.stringify(payload)],
  );
  return rows.length > 0;
}

/**
 * Has the platform event `seq` of `callId` delivered to the telephony webhook (DESIGN §11): call it
 * in the transaction that writes the event, as the event's row is written. The delivery sends
 * every undelivered event of the call in `seq` order, so one job per event leaves none without one.
 */
export async function queuePlatformDelivery(manager: EntityManager, event: { callId: string; seq: number }): Promise<void> {
  await addJobInTransaction(manager, JobName.DeliverPlatformEvent, { callId: event.callId, seq: event.seq });
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
