import { FEEDBACK_COMMENT_MAX_LENGTH, FEEDBACK_SCORE_MAX, FEEDBACK_SCORE_MIN, type SubmitFeedbackRequest } from '@fc/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

const SCORE_MESSAGE = `score must be a whole number from ${FEEDBACK_SCORE_MIN} to ${FEEDBACK_SCORE_MAX}`;

export class SubmitFeedbackDto implements SubmitFeedbackRequest {
  @ApiProperty({ minimum: FEEDBACK_SCORE_MIN, maximum: FEEDBACK_SCORE_MAX, example: 4, description: '1 very dissatisfied … 5 very satisfied' })
  @IsInt({ message: SCORE_MESSAGE })
  @Min(FEEDBACK_SCORE_MIN, { message: SCORE_MESSAGE })
  @Max(FEEDBACK_SCORE_MAX, { message: SCORE_MESSAGE })
  score!: number;

  @ApiPropertyOptional({ maxLength: FEEDBACK_COMMENT_MAX_LENGTH })
  @IsOptional()
  @IsString({ message: 'comment must be text' })
  @MaxLength(FEEDBACK_COMMENT_MAX_LENGTH, { message: `comment must be at most ${FEEDBACK_COMMENT_MAX_LENGTH} characters` })
  comment?: string;
}
