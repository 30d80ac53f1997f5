import { toApiErrorBody } from '@fc/observability';
import { ArgumentsHost, Catch, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';

/**
 * Every error leaves as `{ statusCode, error, message }` (body-parser's too, which Nest wraps);
 * the details of anything unexpected stay in the log.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ApiExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = toApiErrorBody(exception);
    if (body.statusCode >= 500) this.logger.error({ err: exception }, 'request failed');
    response.status(body.statusCode).json(body);
  }
}
