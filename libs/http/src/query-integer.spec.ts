import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { PageQueryDto } from './page-query.dto.js';
import { OptionalQueryInteger } from './query-integer.js';

/** What the api's ValidationPipe answers for a query string's parameters: each failing check's message, in order. */
const problemsOf = (dto: new () => object, query: Record<string, string>) =>
  validateSync(plainToInstance(dto, query), { whitelist: true, forbidNonWhitelisted: true }).flatMap((error) => Object.values(error.constraints ?? {}));

class CountQuery {
  @OptionalQueryInteger('count', { min: 2, max: 9, default: 5 })
  count?: number;
}

describe('an optional whole-number query parameter', () => {
  it('takes plain digits within its bounds, or nothing', () => {
    expect(plainToInstance(CountQuery, { count: '7' }).count).toBe(7);
    expect(problemsOf(CountQuery, { count: '2' })).toEqual([]);
    expect(problemsOf(CountQuery, { count: '9' })).toEqual([]);
    expect(problemsOf(CountQuery, {})).toEqual([]);
  });

  it('refuses anything else, naming the parameter and its own bounds', () => {
    expect(problemsOf(CountQuery, { count: '1' })).toEqual(['count must be at least 2']);
    expect(problemsOf(CountQuery, { count: '10' })).toEqual(['count must be at most 9']);
    expect(problemsOf(CountQuery, { count: '0x10' })).toEqual(['count must be at most 9', 'count must be at least 2', 'count must be a whole number']);
    expect(problemsOf(CountQuery, { count: '' })).toEqual(['count must be at most 9', 'count must be at least 2', 'count must be a whole number']);
  });

  it("keeps a page's limit and offset as they were: limit 1-200, offset 0-1,000,000, the same messages", () => {
    expect(problemsOf(PageQueryDto, { limit: '200', offset: '1000000' })).toEqual([]);
    expect(problemsOf(PageQueryDto, { limit: '0', offset: '-1' })).toEqual(['limit must be at least 1', 'offset must be at least 0']);
    expect(problemsOf(PageQueryDto, { limit: '201', offset: '1000001' })).toEqual(['limit must be at most 200', 'offset must be at most 1000000']);
    expect(problemsOf(PageQueryDto, { limit: 'ten', offset: '1e3' })).toEqual([
      'limit must be at most 200',
      'limit must be at least 1',
      'limit must be a whole number',
      'offset must be at most 1000000',
      'offset must be at least 0',
      'offset must be a whole number',
    ]);
  });
});
