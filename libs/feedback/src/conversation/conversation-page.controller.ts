import { Public } from '@fc/auth';
import { AppConfig, Clock } from '@fc/config';
import { SUGGESTION_HORIZON_DAYS, localDate } from '@fc/domain';
import { Body, Controller, Get, Param, Post, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { FeedbackLinkState, type ClosedFeedbackLinkState } from '../feedback-link-state.js';
import { FeedbackPageExceptionFilter } from '../page/feedback-page-exception.filter.js';
import { sendPage } from '../page/page-response.js';
import { pageLanguage } from '../page/page-texts.js';
import { FeedbackThrottlerGuard } from '../throttling/feedback-throttler.guard.js';
import { parseConversationForm } from './conversation-form.js';
import { renderConversationForm, renderConversationNotice } from './conversation-page.js';
import { ConversationService } from './conversation.service.js';

/**
 * The status each closed link answers with. Unlike the feedback page, a malformed link is simply
 * not found (404): the page has no API whose callers would want to tell the two apart.
 */
const STATUS_OF_CONVERSATION_LINK: { readonly [S in ClosedFeedbackLinkState]: number } = {
  [FeedbackLinkState.Malformed]: 404,
  [FeedbackLinkState.Unknown]: 404,
  [FeedbackLinkState.Used]: 409,
  [FeedbackLinkState.Expired]: 410,
};

const DAY_MS = 24 * 3600 * 1000;

/**
 * The complainant's page for the invitation to a conversation with a police leader (decision 0041),
 * server-rendered, in Norwegian or (`?lang=en`) English, on the feedback page's stylesheet, errors
 * pages and rate limits. The token in the path is the only credential.
 */
@ApiTags('feedback')
@Public()
@UseFilters(FeedbackPageExceptionFilter)
@Controller('conversation')
export class ConversationPageController {
  constructor(
    private readonly conversations: ConversationService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  @Get(':token')
  @UseGuards(FeedbackThrottlerGuard)
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The invitation and its three answers for an open link; 404 malformed or unknown, 409 answered, 410 expired, 429 too many requests, each as a page' })
  async page(@Param('token') token: string, @Query('lang') lang: unknown, @Res() response: Response): Promise<void> {
    const language = pageLanguage(lang);
    const state = await this.conversations.linkState(token);
    if (state !== FeedbackLinkState.Open) return sendPage(response, STATUS_OF_CONVERSATION_LINK[state], renderConversationNotice(state, language), language);
    const now = this.clock.now();
    const zone = this.config.metricsTimeZone;
    sendPage(response, 200, renderConversationForm(token, language, { min: localDate(now, zone), max: localDate(new Date(now.getTime() + SUGGESTION_HORIZON_DAYS * DAY_MS), zone) }), language);
  }

  @Post(':token')
  @UseGuards(FeedbackThrottlerGuard)
  @ApiProduces('text/html')
  @ApiOperation({
    summary:
      'Answers the invitation once (url-encoded form: answer accepted | time_suggested | declined; date YYYY-MM-DD and time HH:MM for a suggested time; message ≤ 500 characters); 400 a bad answer, 404, 409, 410, 429 as for the page',
  })
  async answer(@Param('token') token: string, @Query('lang') lang: unknown, @Body() form: unknown, @Res() response: Response): Promise<void> {
    const language = pageLanguage(lang);
    const parsed = parseConversationForm(form, this.clock.now(), this.config.metricsTimeZone);
    const state = 'answer' in parsed ? await this.conversations.answer(token, parsed.answer) : await this.conversations.linkState(token);
    if (state !== FeedbackLinkState.Open) return sendPage(response, STATUS_OF_CONVERSATION_LINK[state], renderConversationNotice(state, language), language);
    if ('problem' in parsed) return sendPage(response, 400, renderConversationNotice(parsed.problem, language, `/conversation/${token}?lang=${language}`), language);
    sendPage(response, 200, renderConversationNotice(parsed.answer.answer, language), language);
  }
}
