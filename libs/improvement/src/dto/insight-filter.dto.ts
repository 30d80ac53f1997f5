import { INSIGHT_INTERVALS, type ImprovementActionInsightFilter, type InsightInterval } from '@fc/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, Matches, ValidateIf } from 'class-validator';

/** The root-cause insights' filter an action was opened from (as `GET /api/insights/root-causes` took it). */
export class InsightFilterDto implements ImprovementActionInsightFilter {
  @ApiProperty({ example: '2026-11-01T00:00:00+01:00' })
  @IsISO8601({ strict: true }, { message: 'originInsight.from must be an ISO-8601 date-time' })
  from!: string;

  @ApiProperty({ example: '2026-12-01T00:00:00+01:00' })
  @IsISO8601({ strict: true }, { message: 'originInsight.to must be an ISO-8601 date-time' })
  to!: string;

  @ApiPropertyOptional({ enum: INSIGHT_INTERVALS })
  @IsOptional()
  @IsIn(INSIGHT_INTERVALS, { message: `originInsight.interval must be one of ${INSIGHT_INTERVALS.join(', ')}` })
  interval?: InsightInterval;

  @ApiPropertyOptional({ nullable: true, example: 'passport' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Matches(/^[a-z][a-z0-9_]{0,63}$/, { message: 'originInsight.topicKey must be a topic key such as passport, or null' })
  topicKey?: string | null;
}
