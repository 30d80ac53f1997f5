import { UsageError } from './usage-error.js';

/** Runs a command's option parsing (node:util parseArgs); an unknown or malformed option is a usage error, not a crash. */
export function withUsage<T>(usage: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${usage}`);
  }
}

/** A numeric option within bounds; `fallback` when absent, or a usage error when required. */
export function numberOption(value: string | undefined, name: string, bounds: { min: number; max: number; integer?: boolean }, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required`);
    return fallback;
  }
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || (bounds.integer && !Number.isInteger(number)) || number < bounds.min || number > bounds.max) {
    throw new UsageError(`--${name} must be ${bounds.integer ? 'a whole number' : 'a number'} from ${bounds.min} to ${bounds.max}, not "${value}"`);
  }
  return number;
}
