import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendPage } from '../page/page-response.js';
import { pageLanguage } from '../page/page-texts.js';
import { renderPublicNotice } from './public-report-page.js';

/** Anyone on the public page gets a page in their language for every error, never JSON or a stack trace. */
@Catch()
export class PublicReportPageExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(PublicReportPageExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const status = exception instanceof HttpException ? exception.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR;
    if (status >= 500) this.logger.error({ err: exception }, 'public report page failed');
    const lang = pageLanguage(http.getRequest<Request>().query.lang);
    const notice = status === HttpStatus.TOO_MANY_REQUESTS ? 'tooMany' : status === HttpStatus.NOT_FOUND ? 'notFound' : 'error';
    sendPage(http.getResponse<Response>(), status, renderPublicNotice(notice, lang), lang);
  }
}
