import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { PlatformEventsQueryDto } from './platform-events-query.dto.js';

const problemsOf = (query: Record<string, string>) =>
  validateSync(plainToInstance(PlatformEventsQueryDto, query), { whitelist: true, forbidNonWhitelisted: true }).flatMap((error) => Object.values(error.constraints ?? {}));

describe("the replay feed's query", () => {
  it('takes a cursor of digits and a limit from 1 to 1000, or neither', () => {
    expect(plainToInstance(PlatformEventsQueryDto, { after: '42', limit: '1000' })).toEqual({ after: '42', limit: 1000 });
    expect(problemsOf({ limit: '1' })).toEqual([]);
    expect(problemsOf({})).toEqual([]);
  });

  it('refuses a limit outside 1-1000 or not a whole number, and a cursor not of digits, each with its message', () => {
    expect(problemsOf({ limit: '0' })).toEqual(['limit must be at least 1']);
    expect(problemsOf({ limit: '1001' })).toEqual(['limit must be at most 1000']);
    expect(problemsOf({ limit: 'ten' })).toEqual(['limit must be at most 1000', 'limit must be at least 1', 'limit must be a whole number']);
    expect(problemsOf({ after: '-1' })).toEqual(['after must be a cursor returned by this feed (a whole number)']);
  });
});
