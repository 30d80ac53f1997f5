import type { ApiErrorBody } from '@fc/contracts';
import { DomainError, type DomainErrorKind } from '@fc/domain';
import { PgErrorCode, pgErrorCode } from '@fc/persistence';
import { HttpException, HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';

const STATUS_OF_KIND: Record<DomainErrorKind, HttpStatus> = {
  invalid: HttpStatus.BAD_REQUEST,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  forbidden: HttpStatus.FORBIDDEN,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

/**
 * The `{ statusCode, error, message }` every client sees, over HTTP or as a socket acknowledgement:
 * domain errors by their kind, HTTP errors as they are, anything unexpected as a bare 500.
 */
export function toApiErrorBody(exception: unknown): ApiErrorBody {
  if (exception instanceof DomainError) return errorBody(STATUS_OF_KIND[exception.kind], exception.message);
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message = typeof response === 'string' ? response : ((response as { message?: string | string[] }).message ?? exception.message);
    return errorBody(status, message);
  }
  if (pgErrorCode(exception) === PgErrorCode.UniqueViolation) return errorBody(HttpStatus.CONFLICT, 'Conflicts with an existing record');
  return errorBody(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error');
}

export function errorBody(statusCode: number, message: string | string[]): ApiErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
}
