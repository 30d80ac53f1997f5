import { queryInteger } from '@fc/http';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** The most events one page of the replay feed returns. */
export const MAX_PLATFORM_EVENTS_LIMIT = 1000;

/** `GET /api/telephony/events?after&limit`: where to read on from, and how many. */
export class PlatformEventsQueryDto {
  @ApiPropertyOptional({ description: 'The `cursor` of the last page read; absent to read from the oldest event kept', example: '1042' })
  @IsOptional()
  // A position is a bigint: at most 18 digits keeps every accepted value inside its range.
  @Matches(/^[0-9]{1,18}$/, { message: 'after must be a cursor returned by this feed (a whole number)' })
  after?: string;

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: MAX_PLATFORM_EVENTS_LIMIT })
  @IsOptional()
  @Transform(queryInteger)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(MAX_PLATFORM_EVENTS_LIMIT, { message: `limit must be at most ${MAX_PLATFORM_EVENTS_LIMIT}` })
  limit?: number;
}
