import { OptionalQueryInteger } from '@fc/http';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

/** The most events one page of the replay feed returns. */
export const MAX_PLATFORM_EVENTS_LIMIT = 1000;
/** The page of the replay feed without a `limit`. */
export const DEFAULT_PLATFORM_EVENTS_LIMIT = 100;

/** `GET /api/telephony/events?after&limit`: where to read on from, and how many. */
export class PlatformEventsQueryDto {
  @ApiPropertyOptional({ description: 'The `cursor` of the last page read; absent to read from the oldest event kept', example: '1042' })
  @IsOptional()
  // A position is a bigint: at most 18 digits keeps every accepted value inside its range.
  @Matches(/^[0-9]{1,18}$/, { message: 'after must be a cursor returned by this feed (a whole number)' })
  after?: string;

  @OptionalQueryInteger('limit', { min: 1, max: MAX_PLATFORM_EVENTS_LIMIT, default: DEFAULT_PLATFORM_EVENTS_LIMIT })
  limit?: number;
}
