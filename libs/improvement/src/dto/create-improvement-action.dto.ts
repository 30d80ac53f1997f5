import { IMPROVEMENT_ACTION_KINDS, IMPROVEMENT_ACTION_ORIGINS, type CreateImprovementActionRequest, type ImprovementActionKind, type ImprovementActionOrigin } from '@fc/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { ImprovementActionField } from './improvement-action-fields.js';
import { InsightFilterDto } from './insight-filter.dto.js';

export class CreateImprovementActionDto implements CreateImprovementActionRequest {
  @ApiProperty({ maxLength: 200, example: 'Closing guidance for passport calls' })
  @ImprovementActionField.title()
  title!: string;

  @ApiProperty({ description: 'What will change', example: 'Agents confirm the appointment and say what to bring' })
  @ImprovementActionField.text('description')
  description!: string;

  @ApiProperty({ enum: IMPROVEMENT_ACTION_KINDS })
  @ImprovementActionField.kind()
  kind!: ImprovementActionKind;

  @ApiProperty({ description: 'When it should be done, ISO-8601' })
  @ImprovementActionField.time('dueAt')
  dueAt!: string;

  @ApiPropertyOptional({ nullable: true, description: 'An active user (GET /api/follow-ups/assignees)' })
  @IsOptional()
  @ImprovementActionField.owner()
  ownerUserId?: string | null;

  @ApiProperty({ enum: IMPROVEMENT_ACTION_ORIGINS, description: 'Where it was opened from' })
  @IsIn(IMPROVEMENT_ACTION_ORIGINS, { message: `origin must be one of ${IMPROVEMENT_ACTION_ORIGINS.join(', ')}` })
  origin!: ImprovementActionOrigin;

  @ApiPropertyOptional({ description: 'For origin review or learning: the review' })
  @IsOptional()
  @IsUUID('4', { message: 'originReviewId must be a review id' })
  originReviewId?: string;

  @ApiPropertyOptional({ type: InsightFilterDto, description: 'For origin insight: the period and topic the insights showed' })
  @IsOptional()
  @IsObject({ message: 'originInsight must be an object with from and to' })
  @ValidateNested()
  @Type(() => InsightFilterDto)
  originInsight?: InsightFilterDto;

  @ApiPropertyOptional({ type: [String], example: ['passport'], description: 'At least one topic or one root cause' })
  @IsOptional()
  @ImprovementActionField.keys('topicKeys', 'passport')
  topicKeys?: string[];

  @ApiPropertyOptional({ type: [String], example: ['wrong_ivr_choice'] })
  @IsOptional()
  @ImprovementActionField.keys('rootCauseKeys', 'wrong_ivr_choice')
  rootCauseKeys?: string[];

  @ApiPropertyOptional({ default: false, description: 'Shown to citizens; needs both public summaries' })
  @IsOptional()
  @ImprovementActionField.flag('public')
  public?: boolean;

  @ApiPropertyOptional({ nullable: true, description: 'What we changed, for citizens, in Norwegian; no personal data' })
  @IsOptional()
  @ImprovementActionField.nullableText('publicSummaryNb')
  publicSummaryNb?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'What we changed, for citizens, in English; no personal data' })
  @IsOptional()
  @ImprovementActionField.nullableText('publicSummaryEn')
  publicSummaryEn?: string | null;
}
