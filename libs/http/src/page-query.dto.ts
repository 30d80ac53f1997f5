import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Most rows one page may have. */
export const MAX_PAGE_LIMIT = 200;
/** Furthest a page may start: beyond every list this api keeps, and far inside what PostgreSQL takes. */
export const MAX_PAGE_OFFSET = 1_000_000;

/**
 * `@Transform` for a whole-number query parameter: plain decimal digits (an optional minus) become
 * a number, anything else (`1e3`, `0x10`, `ten`, an empty value) is left as it came so `@IsInt`
 * refuses it with a 400.
 */
export const queryInteger = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d{1,20}$/.test(value) ? Number(value) : value);

/** A page of a list: `limit` rows (at most 200) after skipping `offset` (at most 1,000,000). */
export class PageQueryDto {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: MAX_PAGE_LIMIT })
  @IsOptional()
  @Transform(queryInteger)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(MAX_PAGE_LIMIT, { message: `limit must be at most ${MAX_PAGE_LIMIT}` })
  limit?: number;

  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: MAX_PAGE_OFFSET })
  @IsOptional()
  @Transform(queryInteger)
  @IsInt({ message: 'offset must be a whole number' })
  @Min(0, { message: 'offset must be at least 0' })
  @Max(MAX_PAGE_OFFSET, { message: `offset must be at most ${MAX_PAGE_OFFSET}` })
  offset?: number;
}
