import { QueryFailedError } from 'typeorm';

/** PostgreSQL SQLSTATE codes we act on. */
export const PgErrorCode = {
  UniqueViolation: '23505',
  ForeignKeyViolation: '23503',
  CheckViolation: '23514',
  SerializationFailure: '40001',
  DeadlockDetected: '40P01',
  /** `statement_timeout` ran out (or the statement was cancelled). */
  QueryCanceled: '57014',
} as const;

/** The SQLSTATE of a failed query, if it is one. */
export function pgErrorCode(error: unknown): string | undefined {
  if (error instanceof QueryFailedError) return (error.driverError as { code?: string } | undefined)?.code;
  return undefined;
}

/** The constraint a failed query violated, if any. */
export function pgConstraint(error: unknown): string | undefined {
  if (error instanceof QueryFailedError) return (error.driverError as { constraint?: string } | undefined)?.constraint;
  return undefined;
}
