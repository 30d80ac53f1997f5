import { RoutingStrategy } from '@fc/contracts';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsString, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { EscalationStepDto } from './escalation-step.dto.js';
import { IsGiven } from './is-given.js';

const STRATEGIES = Object.values(RoutingStrategy);

/** A topic's editable fields; names and skill are required when a topic is created. */
export class TopicFieldsDto {
  @ApiProperty() @IsString() @Length(1, 120) nameNb!: string;
  @ApiProperty() @IsString() @Length(1, 120) nameEn!: string;

  @ApiProperty({ example: 'passport' })
  @Matches(/^[a-z][a-z0-9_:]{0,63}$/, { message: 'skillKey must be a skill key such as passport' })
  skillKey!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 5 }) @IsGiven() @IsInt() @Min(1) @Max(5) minProficiency?: number;
  @ApiPropertyOptional({ minimum: -100, maximum: 100 }) @IsGiven() @IsInt() @Min(-100) @Max(100) priority?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 100 }) @IsGiven() @IsInt() @Min(1) @Max(100) serviceLevelTargetPct?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 600 }) @IsGiven() @IsInt() @Min(1) @Max(600) serviceLevelThresholdSec?: number;

  @ApiPropertyOptional({ enum: STRATEGIES })
  @IsGiven()
  @IsIn(STRATEGIES, { message: `strategy must be one of ${STRATEGIES.join(', ')}` })
  strategy?: RoutingStrategy;

  @ApiPropertyOptional({ type: [EscalationStepDto], description: 'In increasing afterSec' })
  @IsGiven()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => EscalationStepDto)
  escalationSteps?: EscalationStepDto[];

  @ApiPropertyOptional({ minimum: 1, maximum: 10080 }) @IsGiven() @IsInt() @Min(1) @Max(10080) callbackTargetMin?: number;
  @ApiPropertyOptional() @IsGiven() @IsString() @MaxLength(2000) closingGuidanceNb?: string;
  @ApiPropertyOptional() @IsGiven() @IsString() @MaxLength(2000) closingGuidanceEn?: string;
  @ApiPropertyOptional() @IsGiven() @IsBoolean() active?: boolean;
}

/** Every field optional: a PATCH changes what it names; null is no value for any of them. */
export class UpdateTopicDto extends PartialType(TopicFieldsDto, { skipNullProperties: false }) {}
