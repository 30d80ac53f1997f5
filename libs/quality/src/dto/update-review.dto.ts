import { REVIEW_STATUSES, type ReviewStatus, type UpdateReviewRequest } from '@fc/contracts';
import { REVIEW_TEXT_MAX } from '@fc/domain';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, Equals, IsArray, IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';

export class UpdateReviewDto implements UpdateReviewRequest {
  @ApiPropertyOptional({ enum: REVIEW_STATUSES, description: 'open → in_progress → done; done is final and needs at least one root cause' })
  @IsOptional()
  @IsIn(REVIEW_STATUSES, { message: `status must be one of ${REVIEW_STATUSES.join(', ')}` })
  status?: ReviewStatus;

  @ApiPropertyOptional({ type: [String], example: ['wrong_ivr_choice'], description: 'Keys of active root causes (GET /api/root-causes); replaces the list' })
  @IsOptional()
  @IsArray({ message: 'rootCauses must be a list of root-cause keys' })
  @ArrayMaxSize(20, { message: 'rootCauses may list at most 20 keys' })
  @ArrayUnique({ message: 'rootCauses must not list a key twice' })
  @Matches(/^[a-z][a-z0-9_]{0,63}$/, { each: true, message: 'each of rootCauses must be a root-cause key such as wrong_ivr_choice' })
  rootCauses?: string[];

  @ApiPropertyOptional({ nullable: true, maxLength: REVIEW_TEXT_MAX, description: 'What the agent should hear; the agent sees it once the review is done' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString({ message: 'agentFeedback must be text or null' })
  @MaxLength(REVIEW_TEXT_MAX, { message: `agentFeedback must be at most ${REVIEW_TEXT_MAX} characters` })
  agentFeedback?: string | null;

  @ApiPropertyOptional({ nullable: true, maxLength: REVIEW_TEXT_MAX, description: 'What others can learn; written without personal data, since it may be shared' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString({ message: 'learning must be text or null' })
  @MaxLength(REVIEW_TEXT_MAX, { message: `learning must be at most ${REVIEW_TEXT_MAX} characters` })
  learning?: string | null;

  @ApiPropertyOptional({ description: 'Share the learning with everyone (GET /api/learnings, once the review is done); needs a learning text' })
  @IsOptional()
  @IsBoolean({ message: 'learningShared must be true or false' })
  learningShared?: boolean;

  @ApiPropertyOptional({ enum: [true], description: 'Make me the reviewer (and start the review if it is open)' })
  @IsOptional()
  @Equals(true, { message: 'take must be true when given' })
  take?: true;
}
