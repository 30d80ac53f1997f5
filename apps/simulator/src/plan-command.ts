import { UsageError } from './usage-error.js';

export async function runPlan(_args: string[]): Promise<number> {
  throw new UsageError('work in progress');
}
