import { Public } from '@fc/auth';
import type { FeedbackReceipt } from '@fc/contracts';
import { Body, Controller, HttpException, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiGoneResponse, ApiNotFoundResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { SubmitFeedbackDto } from './dto/submit-feedback.dto.js';
import { FeedbackLinkState, STATUS_OF_LINK_STATE, type ClosedFeedbackLinkState } from './feedback-link-state.js';
import { FeedbackService } from './feedback.service.js';
import { FeedbackThrottlerGuard } from './throttling/feedback-throttler.guard.js';

const MESSAGE_OF_LINK_STATE: { readonly [S in ClosedFeedbackLinkState]: string } = {
  [FeedbackLinkState.Malformed]: 'This is not a feedback link: check that the whole link was copied',
  [FeedbackLinkState.Unknown]: 'No such feedback link',
  [FeedbackLinkState.Used]: 'This feedback link has already been used',
  [FeedbackLinkState.Expired]: 'This feedback link has expired',
};

/** The citizen's answer from the feedback page. The token in the path is the only credential. */
@ApiTags('feedback')
@Public()
@Controller('api/feedback')
export class FeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  @Post(':token')
  @UseGuards(FeedbackThrottlerGuard)
  @ApiCreatedResponse({ description: "Taken; the link is used up. With the call's topic when it has a public page (decision 0042)" })
  @ApiBadRequestResponse({ description: 'A malformed token, or a score that is not a whole number from 1 to 5' })
  @ApiNotFoundResponse({ description: 'No such link' })
  @ApiConflictResponse({ description: 'The link was used already' })
  @ApiGoneResponse({ description: 'The link has expired' })
  @ApiTooManyRequestsResponse({ description: 'Too many requests from this address or for this link; nothing was stored' })
  async submit(@Param('token') token: string, @Body() body: SubmitFeedbackDto): Promise<FeedbackReceipt> {
    const state = await this.feedback.submit(token, body);
    if (state !== FeedbackLinkState.Open) throw new HttpException(MESSAGE_OF_LINK_STATE[state], STATUS_OF_LINK_STATE[state]);
    const topic = await this.feedback.topicOf(token);
    return topic ? { received: true, topic } : { received: true };
  }
}
