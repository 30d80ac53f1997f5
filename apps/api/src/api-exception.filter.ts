import type { ApiErrorBody } from '@fc/contracts';
import { DomainError } from '@fc/domain';
import { PgErrorCode, pgErrorCode } from '@fc/persistence';
import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';

const STATUS_OF_KIND = { invalid: HttpStatus.BAD_REQUEST, not_found: HttpStatus.NOT_FOUND, conflict: HttpStatus.CONFLICT } as const;

/**
 * Every error leaves as `{ statusCode, error, message }`: domain errors by their kind, HTTP errors
 * (including body-parser's, which Nest wraps) as they are, and anything unexpected as a bare 500 whose details stay in the log.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ApiExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) this.logger.error({ err: exception }, 'request failed');
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ApiErrorBody {
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
}

function errorBody(statusCode: number, message: string | string[]): ApiErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
}
