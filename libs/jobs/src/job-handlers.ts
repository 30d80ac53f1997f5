import { JOB_PAYLOADS, JobName, QUEUE_OF_JOB, type JobPayloads, type JobsOf, type QueueName } from '@fc/contracts';
import { UnrecoverableError, type Job } from 'bullmq';

/** Runs one job of kind `J` on its checked payload; throws to retry, or {@link UnrecoverableError} to fail for good. */
export type JobHandler<J extends JobName> = (payload: JobPayloads[J], job: Job) => Promise<unknown>;

/**
 * The handlers of queue `Q`: one for each of its jobs and none for another queue's, so a missing
 * or a stray handler does not compile.
 */
export type JobHandlers<Q extends QueueName> = { readonly [J in JobsOf<Q>]: JobHandler<J> } & { readonly [J in Exclude<JobName, JobsOf<Q>>]?: never };

/** A job whose payload does not match its schema; it will not match on retry either. */
export class JobPayloadRejected extends UnrecoverableError {
  constructor(
    readonly job: string,
    /** Where the payload is wrong, never what it holds: payloads carry personal data. */
    readonly paths: readonly string[],
  ) {
    super(`${job} payload does not match its schema at ${paths.join(', ')}`);
    this.name = 'JobPayloadRejected';
  }
}

/**
 * A job's payload as its schema reads it.
 * @throws JobPayloadRejected naming the paths that do not match
 */
export function checkedPayload<J extends JobName>(name: J, data: unknown): JobPayloads[J] {
  const checked = JOB_PAYLOADS[name].safeParse(data);
  if (checked.success) return checked.data as JobPayloads[J];
  throw new JobPayloadRejected(name, [...new Set(checked.error.issues.map((issue) => issue.path.map(String).join('.') || '(payload)'))]);
}

/** The jobs one processor handles, as the boot check reads them. */
export interface HandledJobs {
  processor: string;
  queue: QueueName;
  jobs: readonly string[];
}

/**
 * Every job has exactly one handler, on a processor of the job's own queue, and each queue has one
 * processor; the worker refuses to start otherwise.
 * @throws Error naming each job (or queue) that is wrong
 */
export function checkJobHandlers(processors: readonly HandledJobs[]): void {
  const problems: string[] = [];
  const jobNames: readonly string[] = Object.values(JobName);
  for (const queue of new Set(processors.map((p) => p.queue))) {
    const on = processors.filter((p) => p.queue === queue).map((p) => p.processor);
    if (on.length > 1) problems.push(`queue ${queue} has ${on.length} processors (${on.join(', ')})`);
  }
  for (const { processor, queue, jobs } of processors) {
    for (const job of jobs) {
      if (!jobNames.includes(job)) problems.push(`${processor} handles ${job}, which is no job`);
      else if (QUEUE_OF_JOB[job as JobName] !== queue) problems.push(`${processor} handles ${job} on queue ${queue}, but ${job} runs on ${QUEUE_OF_JOB[job as JobName]}`);
    }
  }
  for (const job of jobNames) {
    const by = processors.filter((p) => p.jobs.includes(job)).map((p) => p.processor);
    if (by.length === 0) problems.push(`job ${job} has no handler`);
    else if (by.length > 1) problems.push(`job ${job} has ${by.length} handlers (${by.join(', ')})`);
  }
  if (problems.length) throw new Error(`job handlers do not match the jobs:\n${problems.map((p) => `  ${p}`).join('\n')}`);
}
