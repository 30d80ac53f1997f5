import { OptionalQueryInteger } from './query-integer.js';

/** Most rows one page may have. */
export const MAX_PAGE_LIMIT = 200;
/** Furthest a page may start: beyond every list this api keeps, and far inside what PostgreSQL takes. */
export const MAX_PAGE_OFFSET = 1_000_000;

/** A page of a list: `limit` rows (at most 200) after skipping `offset` (at most 1,000,000). */
export class PageQueryDto {
  @OptionalQueryInteger('limit', { min: 1, max: MAX_PAGE_LIMIT, default: 50 })
  limit?: number;

  @OptionalQueryInteger('offset', { min: 0, max: MAX_PAGE_OFFSET, default: 0 })
  offset?: number;
}
