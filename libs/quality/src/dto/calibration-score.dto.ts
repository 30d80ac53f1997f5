import type { CalibrationScoreRequest, EvaluationScores } from '@fc/contracts';
import { EVALUATION_COMMENT_MAX } from '@fc/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, MaxLength } from 'class-validator';

export class CalibrationScoreDto implements CalibrationScoreRequest {
  @ApiProperty({ description: 'Every criterion of the calibration’s form version: a whole number on its scale, or na where allowed' })
  @IsObject({ message: 'scores must be an object of criterion keys to values' })
  scores!: EvaluationScores;

  @ApiPropertyOptional({ maxLength: EVALUATION_COMMENT_MAX })
  @IsOptional()
  @IsString({ message: 'comment must be text' })
  @MaxLength(EVALUATION_COMMENT_MAX, { message: `comment must be at most ${EVALUATION_COMMENT_MAX} characters` })
  comment?: string;
}
