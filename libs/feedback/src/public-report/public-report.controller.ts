import { Public } from '@fc/auth';
import { AppConfig } from '@fc/config';
import { Controller, Get, Param, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { sendPage } from '../page/page-response.js';
import { pageLanguage } from '../page/page-texts.js';
import { FeedbackThrottlerGuard } from '../throttling/feedback-throttler.guard.js';
import { PublicReportPageExceptionFilter } from './public-report-page-exception.filter.js';
import { renderPublicIndex, renderPublicNotice, renderPublicTopic } from './public-report-page.js';
import { PublicReportService } from './public-report.service.js';

/**
 * "What came of it" (decision 0042): for anyone, without signing in, what callers told us about a
 * topic, what we changed and what changed since; in Norwegian or (`?lang=en`) English. Counted
 * per address with the feedback pages, and served from each topic's cached report.
 */
@ApiTags('feedback')
@Public()
@UseGuards(FeedbackThrottlerGuard)
@UseFilters(PublicReportPageExceptionFilter)
@Controller('what-came-of-it')
export class PublicReportController {
  constructor(
    private readonly reports: PublicReportService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The active topics, each linking to its public page; 429 too many requests, as a page' })
  async index(@Query('lang') lang: unknown, @Res() response: Response): Promise<void> {
    const language = pageLanguage(lang);
    sendPage(response, 200, renderPublicIndex(await this.reports.activeTopics(), language), language);
  }

  @Get(':topicKey')
  @ApiProduces('text/html')
  @ApiOperation({ summary: "A topic's public page: what callers told us, what we changed, what changed since; 404 unknown topic, 429 too many requests, each as a page" })
  async topic(@Param('topicKey') topicKey: string, @Query('lang') lang: unknown, @Res() response: Response): Promise<void> {
    const language = pageLanguage(lang);
    const report = await this.reports.report(topicKey);
    if (!report) return sendPage(response, 404, renderPublicNotice('notFound', language), language);
    sendPage(response, 200, renderPublicTopic(report, language, this.config.metricsTimeZone), language);
  }
}
