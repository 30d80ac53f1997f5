import { INSIGHT_INTERVALS, type InsightInterval } from '@fc/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';

export class RootCauseInsightsQueryDto {
  @ApiProperty({ description: 'Start (inclusive), ISO-8601; reviews count by the time their call arrived', example: '2026-11-01T00:00:00+01:00' })
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 date-time' })
  from!: string;

  @ApiProperty({ description: 'End (exclusive), ISO-8601; at most 2 years after from', example: '2026-12-01T00:00:00+01:00' })
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 date-time' })
  to!: string;

  @ApiPropertyOptional({ example: 'passport' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{0,63}$/, { message: 'topicKey must be a topic key such as passport' })
  topicKey?: string;

  @ApiPropertyOptional({ enum: INSIGHT_INTERVALS, default: 'day', description: 'Periods begin at midnight, on Monday, or on the 1st in the metrics time zone' })
  @IsOptional()
  @IsIn(INSIGHT_INTERVALS, { message: `interval must be one of ${INSIGHT_INTERVALS.join(', ')}` })
  interval?: InsightInterval;
}
