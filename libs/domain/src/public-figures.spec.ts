import { describe, expect, it } from '@jest/globals';
import { publicCount, publicShare } from './public-figures.js';

describe('public figures: small cells are not shown exactly', () => {
  it('shows 0 as none, 1 to 4 as fewer than 5, 5 and more exactly', () => {
    expect(publicCount(0)).toEqual({ kind: 'none' });
    expect(publicCount(1)).toEqual({ kind: 'fewer', than: 5 });
    expect(publicCount(4)).toEqual({ kind: 'fewer', than: 5 });
    expect(publicCount(5)).toEqual({ kind: 'exact', count: 5 });
    expect(publicCount(312)).toEqual({ kind: 'exact', count: 312 });
  });

  it('gives no share over fewer than 5 answers', () => {
    expect(publicShare(4, 4)).toBeNull();
    expect(publicShare(0, 0)).toBeNull();
    expect(publicShare(4, 5)).toBe(0.8);
  });
});
