import type { CreateEvaluationRequest, EvaluationScores } from '@fc/contracts';
import { EVALUATION_COMMENT_MAX } from '@fc/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class CreateEvaluationDto implements CreateEvaluationRequest {
  @ApiProperty({ example: 'call_quality_02800', description: 'An active form (GET /api/evaluation-forms); its current version is used' })
  @Matches(/^[a-z][a-z0-9_]{1,63}$/, { message: 'formKey must be a form key such as call_quality_02800' })
  formKey!: string;

  @ApiProperty({ example: { need_understood: 4, respectful_tone: 1, resolved_first_contact: 'na' }, description: 'Every criterion of the version: a whole number on its scale, or na where allowed' })
  @IsObject({ message: 'scores must be an object of criterion keys to values' })
  scores!: EvaluationScores;

  @ApiPropertyOptional({ maxLength: EVALUATION_COMMENT_MAX, description: 'Feedback to the agent' })
  @IsOptional()
  @IsString({ message: 'comment must be text' })
  @MaxLength(EVALUATION_COMMENT_MAX, { message: `comment must be at most ${EVALUATION_COMMENT_MAX} characters` })
  comment?: string;
}
