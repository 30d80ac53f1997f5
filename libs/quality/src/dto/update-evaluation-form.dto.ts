import type { EvaluationCriterion, UpdateEvaluationFormRequest } from '@fc/contracts';
import { EVALUATION_CRITERIA_MAX } from '@fc/domain';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsObject, IsOptional, IsString, Length, Matches } from 'class-validator';

export class UpdateEvaluationFormDto implements UpdateEvaluationFormRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'nameNb must be text' })
  @Length(1, 120, { message: 'nameNb must be 1-120 characters' })
  @Matches(/\S/, { message: 'nameNb must not be blank' })
  nameNb?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'nameEn must be text' })
  @Length(1, 120, { message: 'nameEn must be 1-120 characters' })
  @Matches(/\S/, { message: 'nameEn must not be blank' })
  nameEn?: string;

  @ApiPropertyOptional({ description: 'false retires the form: it is no longer offered for scoring' })
  @IsOptional()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;

  @ApiPropertyOptional({ description: 'The whole new list of criteria: written as the next version when it differs from the current one', type: 'array', items: { type: 'object' } })
  @IsOptional()
  @IsArray({ message: 'criteria must be a list of criteria' })
  @ArrayMinSize(1, { message: 'criteria must list at least one criterion' })
  @ArrayMaxSize(EVALUATION_CRITERIA_MAX, { message: `criteria may list at most ${EVALUATION_CRITERIA_MAX} criteria` })
  @IsObject({ each: true, message: 'each of criteria must be an object' })
  criteria?: EvaluationCriterion[];
}
