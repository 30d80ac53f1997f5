import { UsageError } from '../usage-error.js';

export async function runLive(_args: string[]): Promise<number> {
  throw new UsageError('work in progress');
}
