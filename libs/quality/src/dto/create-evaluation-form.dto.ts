import type { CreateEvaluationFormRequest, EvaluationCriterion } from '@fc/contracts';
import { EVALUATION_CRITERIA_MAX } from '@fc/domain';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, IsString, Length, Matches } from 'class-validator';

export class CreateEvaluationFormDto implements CreateEvaluationFormRequest {
  @ApiProperty({ example: 'call_quality_02800', description: 'Stable key; never changes' })
  @Matches(/^[a-z][a-z0-9_]{1,63}$/, { message: 'key must be 2-64 lowercase letters, digits or _, starting with a letter' })
  key!: string;

  @ApiProperty({ example: 'Samtalekvalitet 02800' })
  @IsString({ message: 'nameNb must be text' })
  @Length(1, 120, { message: 'nameNb must be 1-120 characters' })
  @Matches(/\S/, { message: 'nameNb must not be blank' })
  nameNb!: string;

  @ApiProperty({ example: 'Call quality 02800' })
  @IsString({ message: 'nameEn must be text' })
  @Length(1, 120, { message: 'nameEn must be 1-120 characters' })
  @Matches(/\S/, { message: 'nameEn must not be blank' })
  nameEn!: string;

  @ApiProperty({
    description: 'Version 1’s criteria: { key, label: { nb, en }, guidance: { nb, en }, weight (1-100), scale (0_4 | pass_fail), naAllowed }; checked by the domain’s form rules',
    type: 'array',
    items: { type: 'object' },
  })
  @IsArray({ message: 'criteria must be a list of criteria' })
  @ArrayMinSize(1, { message: 'criteria must list at least one criterion' })
  @ArrayMaxSize(EVALUATION_CRITERIA_MAX, { message: `criteria may list at most ${EVALUATION_CRITERIA_MAX} criteria` })
  @IsObject({ each: true, message: 'each of criteria must be an object' })
  criteria!: EvaluationCriterion[];
}
