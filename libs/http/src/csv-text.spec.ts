import { describe, expect, it } from '@jest/globals';
import { stringify } from 'csv-stringify/sync';
import { csvText } from './csv-text.js';

describe('a CSV text cell', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ['+47 912 34 567', "'+47 912 34 567"],
    ['-1+1', "'-1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTab', "'\tTab"],
    ['\rCR', "'\rCR"],
    ['Team Oslo', 'Team Oslo'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j is written as %j', (value, written) => {
    expect(csvText(value)).toBe(written);
  });

  it('leaves numbers, negative ones too, as numbers when csv-stringify casts only strings with it', () => {
    const csv = stringify([['=1+1', -3, 0.5, 'passport']], { cast: { string: csvText } });
    expect(csv).toBe(`'=1+1,-3,0.5,passport\n`);
  });
});
