import { Public } from '@fc/auth';
import { Body, Controller, Get, Param, Post, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { FeedbackLinkState, STATUS_OF_LINK_STATE } from '../feedback-link-state.js';
import { FeedbackService } from '../feedback.service.js';
import { FeedbackThrottlerGuard } from '../throttling/feedback-throttler.guard.js';
import { parseFeedbackForm } from './feedback-form.js';
import { FeedbackPageExceptionFilter } from './feedback-page-exception.filter.js';
import { renderFeedbackForm, renderFeedbackNotice } from './feedback-page.js';
import { FEEDBACK_PAGE_CSS, FEEDBACK_PAGE_SCRIPT } from './page-assets.js';
import { sendAsset, sendPage } from './page-response.js';
import { pageLanguage } from './page-texts.js';

/** The citizen's feedback page, server-rendered, in Norwegian or (`?lang=en`) English. */
@ApiTags('feedback')
@Public()
@UseFilters(FeedbackPageExceptionFilter)
@Controller('feedback')
export class FeedbackPageController {
  constructor(private readonly feedback: FeedbackService) {}

  @Get('assets/feedback.css')
  @ApiExcludeEndpoint()
  stylesheet(@Res() response: Response): void {
    sendAsset(response, 'text/css', FEEDBACK_PAGE_CSS);
  }

  @Get('assets/feedback.js')
  @ApiExcludeEndpoint()
  script(@Res() response: Response): void {
    sendAsset(response, 'text/javascript', FEEDBACK_PAGE_SCRIPT);
  }

  @Get(':token')
  @UseGuards(FeedbackThrottlerGuard)
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The feedback form for an open link; 400 malformed, 404 unknown, 409 used, 410 expired, 429 too many requests, each as a page' })
  async page(@Param('token') token: string, @Query('lang') lang: unknown, @Res() response: Response): Promise<void> {
    const language = pageLanguage(lang);
    const state = await this.feedback.linkState(token);
    if (state === FeedbackLinkState.Open) return sendPage(response, 200, renderFeedbackForm(token, language), language);
    sendPage(response, STATUS_OF_LINK_STATE[state], renderFeedbackNotice(state, language), language);
  }

  /** The form as a browser without script sends it: the same answer as the API takes, a page back. */
  @Post(':token')
  @UseGuards(FeedbackThrottlerGuard)
  @ApiExcludeEndpoint()
  async submitForm(@Param('token') token: string, @Query('lang') lang: unknown, @Body() form: unknown, @Res() response: Response): Promise<void> {
    const language = pageLanguage(lang);
    const answer = parseFeedbackForm(form);
    const state = answer ? await this.feedback.submit(token, answer) : await this.feedback.linkState(token);
    if (state !== FeedbackLinkState.Open) return sendPage(response, STATUS_OF_LINK_STATE[state], renderFeedbackNotice(state, language), language);
    if (!answer) return sendPage(response, 400, renderFeedbackNotice('invalid', language, `/feedback/${token}?lang=${language}`), language);
    sendPage(response, 200, renderFeedbackNotice('received', language, undefined, await this.feedback.topicOf(token)), language);
  }
}
