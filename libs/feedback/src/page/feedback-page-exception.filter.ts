import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { renderFeedbackNotice } from './feedback-page.js';
import { sendPage } from './page-response.js';
import { pageLanguage, type NoticeKey } from './page-texts.js';

/** A citizen on the feedback page gets a page in their language for every error, never JSON or a stack trace. */
@Catch()
export class FeedbackPageExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(FeedbackPageExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const status = exception instanceof HttpException ? exception.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR;
    if (status >= 500) this.logger.error({ err: exception }, 'feedback page failed');
    const notice: NoticeKey = status === HttpStatus.TOO_MANY_REQUESTS ? 'tooMany' : status === HttpStatus.NOT_FOUND ? 'unknown' : 'error';
    const lang = pageLanguage(http.getRequest<Request>().query.lang);
    sendPage(http.getResponse<Response>(), status, renderFeedbackNotice(notice, lang), lang);
  }
}
