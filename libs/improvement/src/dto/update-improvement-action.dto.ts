import { IMPROVEMENT_ACTION_KINDS, IMPROVEMENT_ACTION_STATUSES, type ImprovementActionKind, type ImprovementActionStatus, type UpdateImprovementActionRequest } from '@fc/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ImprovementActionField } from './improvement-action-fields.js';

export class UpdateImprovementActionDto implements UpdateImprovementActionRequest {
  @ApiPropertyOptional({ enum: IMPROVEMENT_ACTION_STATUSES, description: 'planned → in_progress → done, or cancelled from either; done needs result, cancelled cancelReason' })
  @IsOptional()
  @IsIn(IMPROVEMENT_ACTION_STATUSES, { message: `status must be one of ${IMPROVEMENT_ACTION_STATUSES.join(', ')}` })
  status?: ImprovementActionStatus;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @ImprovementActionField.title()
  title?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @ImprovementActionField.text('description')
  description?: string;

  @ApiPropertyOptional({ enum: IMPROVEMENT_ACTION_KINDS })
  @IsOptional()
  @ImprovementActionField.kind()
  kind?: ImprovementActionKind;

  @ApiPropertyOptional()
  @IsOptional()
  @ImprovementActionField.time('dueAt')
  dueAt?: string;

  @ApiPropertyOptional({ nullable: true, description: 'An active user; null: nobody' })
  @IsOptional()
  @ImprovementActionField.owner()
  ownerUserId?: string | null;

  @ApiPropertyOptional({ description: 'When the change took effect; not in the future; defaults to the moment it is marked done' })
  @IsOptional()
  @ImprovementActionField.time('effectiveAt')
  effectiveAt?: string;

  @ApiPropertyOptional({ description: 'What was done: required to mark it done' })
  @IsOptional()
  @ImprovementActionField.text('result')
  result?: string;

  @ApiPropertyOptional({ description: 'Why it is cancelled: required to cancel it' })
  @IsOptional()
  @ImprovementActionField.text('cancelReason')
  cancelReason?: string;

  @ApiPropertyOptional({ type: [String], description: 'Replaces the topics' })
  @IsOptional()
  @ImprovementActionField.keys('topicKeys', 'passport')
  topicKeys?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Replaces the root causes' })
  @IsOptional()
  @ImprovementActionField.keys('rootCauseKeys', 'wrong_ivr_choice')
  rootCauseKeys?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @ImprovementActionField.flag('public')
  public?: boolean;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ImprovementActionField.nullableText('publicSummaryNb')
  publicSummaryNb?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ImprovementActionField.nullableText('publicSummaryEn')
  publicSummaryEn?: string | null;
}
