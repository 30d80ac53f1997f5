import { OptionalQueryInteger } from '@fc/http';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsISO8601, IsOptional, IsString, Matches } from 'class-validator';

/** A repeated query parameter (`topicKey=a&topicKey=b`) as a list; given once, a list of one. */
const list = ({ value }: { value: unknown }) => (value === undefined ? undefined : [value].flat());
const KEY = /^[a-z][a-z0-9_]{0,63}$/;
/** More than any change addresses; a longer list is a mistake, not a question. */
const MAX_KEYS = 20;

export class EffectQueryDto {
  @ApiProperty({ description: 'When the change took effect, ISO-8601 with a time zone; in the past', example: '2026-10-01T00:00:00+02:00' })
  @IsISO8601({ strict: true }, { message: 'effectiveAt must be an ISO-8601 date-time' })
  effectiveAt!: string;

  @ApiPropertyOptional({ type: [String], description: 'The topics the change addressed (repeat the parameter for more); none: the whole centre', example: ['passport'] })
  @IsOptional()
  @Transform(list)
  @IsArray()
  @ArrayMaxSize(MAX_KEYS, { message: `at most ${MAX_KEYS} topicKey values` })
  @IsString({ each: true })
  @Matches(KEY, { each: true, message: 'topicKey must be a topic key such as passport' })
  topicKey?: string[];

  @ApiPropertyOptional({
    type: [String],
    description: 'The root causes the change addressed (repeat the parameter for more); their share of done reviews is measured',
    example: ['competence_missing'],
  })
  @IsOptional()
  @Transform(list)
  @IsArray()
  @ArrayMaxSize(MAX_KEYS, { message: `at most ${MAX_KEYS} rootCause values` })
  @IsString({ each: true })
  @Matches(KEY, { each: true, message: 'rootCause must be a root-cause key such as wrong_ivr_choice' })
  rootCause?: string[];

  /** Default: EFFECT_WINDOW_DAYS (28). */
  @OptionalQueryInteger('windowDays', { min: 1, max: 365, default: 28 })
  windowDays?: number;
}
