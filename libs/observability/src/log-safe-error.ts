/**
 * The fields of an error that go into a log line. Everything else stays out: a database error
 * carries the failing query's `parameters`, its `detail` (`Key (…)=(…)`, `Failing row contains (…)`),
 * `where`, and the driver's error with all of them again, any of which can hold a caller number.
 * The query text is kept: its values are parameters, never inlined.
 */
const LOGGED_FIELDS = ['type', 'message', 'stack', 'code', 'query', 'table', 'column', 'constraint', 'routine'] as const;

/** A run of seven or more digits, with or without a `+`: a phone number, if a message ever quotes one. */
const LONG_NUMBER = /\+?\d{7,}/g;

const MAX_CAUSES = 5;

/**
 * The pino serializer of `err` for the api and the worker: an error's type, message, code, stack,
 * query text and schema names (table, column, constraint), and its cause the same way; never its
 * values. Long digit runs in the message and stack are masked as well, in case a message quotes
 * a value. Takes an error or pino's own serialization of one.
 */
export function logSafeError(error: unknown, depth = 0): unknown {
  if (error === null || typeof error !== 'object') return error;
  const source = error as Record<string, unknown>;
  const safe: Record<string, unknown> = {};
  if (!('type' in source) && error instanceof Error) safe.type = error.constructor.name;
  for (const field of LOGGED_FIELDS) {
    const value = source[field];
    if (value === undefined || value === null) continue;
    safe[field] = typeof value === 'string' && (field === 'message' || field === 'stack') ? value.replace(LONG_NUMBER, '[number]') : value;
  }
  if (source.cause !== undefined && depth < MAX_CAUSES) safe.cause = logSafeError(source.cause, depth + 1);
  if (Array.isArray(source.aggregateErrors)) safe.aggregateErrors = source.aggregateErrors.map((inner) => logSafeError(inner, depth + 1));
  else if (error instanceof AggregateError) safe.aggregateErrors = error.errors.map((inner) => logSafeError(inner, depth + 1));
  return safe;
}
