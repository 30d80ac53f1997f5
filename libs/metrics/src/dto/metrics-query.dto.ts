import { METRICS_INTERVALS, MetricsGroupBy, type MetricsInterval } from '@fc/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';

const GROUP_BYS = Object.values(MetricsGroupBy);

export class MetricsQueryDto {
  @ApiProperty({ description: 'Start (inclusive), ISO-8601 with a time zone; calls count by the time they entered a queue', example: '2026-11-01T00:00:00+01:00' })
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 date-time' })
  from!: string;

  @ApiProperty({ description: 'End (exclusive), ISO-8601', example: '2026-12-01T00:00:00+01:00' })
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 date-time' })
  to!: string;

  @ApiPropertyOptional({ enum: GROUP_BYS, default: MetricsGroupBy.Topic })
  @IsOptional()
  @IsIn(GROUP_BYS, { message: `groupBy must be one of ${GROUP_BYS.join(', ')}` })
  groupBy?: MetricsGroupBy;

  @ApiPropertyOptional({ enum: METRICS_INTERVALS, description: 'Split rows by interval; required with groupBy=interval' })
  @IsOptional()
  @IsIn(METRICS_INTERVALS, { message: `interval must be one of ${METRICS_INTERVALS.join(', ')}` })
  interval?: MetricsInterval;
}
