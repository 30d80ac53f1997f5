import type { AcknowledgeEvaluationRequest } from '@fc/contracts';
import { EVALUATION_COMMENT_MAX } from '@fc/domain';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class AcknowledgeEvaluationDto implements AcknowledgeEvaluationRequest {
  @ApiPropertyOptional({ maxLength: EVALUATION_COMMENT_MAX, description: 'What the agent answers to the evaluation' })
  @IsOptional()
  @IsString({ message: 'comment must be text' })
  @MaxLength(EVALUATION_COMMENT_MAX, { message: `comment must be at most ${EVALUATION_COMMENT_MAX} characters` })
  comment?: string;
}
