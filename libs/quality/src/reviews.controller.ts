import { CurrentUser, Roles, type AuthenticatedUser } from '@fc/auth';
import { Role, type ReviewList, type ReviewView } from '@fc/contracts';
import { UuidParam } from '@fc/http';
import { Body, Controller, Get, Patch, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ReviewQueryDto } from './dto/review-query.dto.js';
import { UpdateReviewDto } from './dto/update-review.dto.js';
import { ReviewsService } from './reviews.service.js';

/**
 * Quality leads review calls that went wrong. A review gathers a citizen's comment, the agent's
 * note and the quality lead's findings, so it is for quality leads only (docs/roles.md);
 * supervisors get the aggregate insight and the learnings quality leads share.
 */
@ApiTags('quality')
@ApiBearerAuth()
@Controller('api/reviews')
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  @Get()
  @Roles(Role.Quality)
  @ApiOkResponse({ description: 'Open and in-progress reviews first, newest first; then done ones' })
  list(@Query() query: ReviewQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<ReviewList> {
    return this.reviews.list(query, user);
  }

  @Get(':id')
  @Roles(Role.Quality)
  @ApiOkResponse({ description: 'The review with the call’s whole journey, its timeline of waits, the outcome, note, citizen feedback and follow-ups' })
  @ApiNotFoundResponse({ description: 'No such review' })
  get(@UuidParam() id: string, @CurrentUser() user: AuthenticatedUser): Promise<ReviewView> {
    return this.reviews.get(id, user);
  }

  @Patch(':id')
  @Roles(Role.Quality)
  @ApiOkResponse({ description: 'The review after the change' })
  @ApiBadRequestResponse({ description: 'Nothing to change, an unknown or inactive root cause, done without a root cause, or sharing without a learning' })
  @ApiConflictResponse({ description: 'A status change out of open → in_progress → done, or a change to a done review’s findings' })
  update(@UuidParam() id: string, @Body() body: UpdateReviewDto, @CurrentUser() user: AuthenticatedUser): Promise<ReviewView> {
    return this.reviews.update(id, body, user);
  }
}
