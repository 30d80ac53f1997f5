import { FOLLOW_UP_CAUSES, REVIEW_STATUSES, type FollowUpCause, type ReviewStatus } from '@fc/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import { PageQueryDto, queryBoolean } from '@fc/http';

/** Filters of the review list; every one optional, all of them together. */
export class ReviewQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REVIEW_STATUSES })
  @IsOptional()
  @IsIn(REVIEW_STATUSES, { message: `status must be one of ${REVIEW_STATUSES.join(', ')}` })
  status?: ReviewStatus;

  @ApiPropertyOptional({ enum: FOLLOW_UP_CAUSES, description: 'Reviews raised for this cause (among others)' })
  @IsOptional()
  @IsIn(FOLLOW_UP_CAUSES, { message: `cause must be one of ${FOLLOW_UP_CAUSES.join(', ')}` })
  cause?: FollowUpCause;

  @ApiPropertyOptional({ example: 'passport' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{0,63}$/, { message: 'topicKey must be a topic key such as passport' })
  topicKey?: string;

  @ApiPropertyOptional({ description: 'Reviews of this agent’s calls' })
  @IsOptional()
  @IsUUID('4', { message: 'agentId must be a UUID' })
  agentId?: string;

  @ApiPropertyOptional({ example: 'wrong_ivr_choice', description: 'Reviews tagged with this root cause' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{0,63}$/, { message: 'rootCause must be a root-cause key such as wrong_ivr_choice' })
  rootCause?: string;

  @ApiPropertyOptional({ description: 'Reviews created at or after this time (ISO-8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ description: 'Reviews created before this time (ISO-8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 date-time' })
  to?: string;

  @ApiPropertyOptional({ description: 'Only reviews I am the reviewer of' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean({ message: 'mine must be true or false' })
  mine?: boolean;
}
