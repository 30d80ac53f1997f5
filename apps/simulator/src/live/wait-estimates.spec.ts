import { describe, expect, it } from '@jest/globals';
import { WaitEstimates } from './wait-estimates.js';

const at = (sec: number) => new Date(Date.UTC(2026, 11, 4, 10, 0, sec)).toISOString();

describe('WaitEstimates', () => {
  it('compares each estimate with the wait from when it was said until the offer', () => {
    const w = new WaitEstimates();
    w.said('a', 'passport', 30, at(0)); // waited 40: off by 10, 10 short
    w.said('a', 'passport', 20, at(10)); // waited 30 from then: off by 10, 10 short
    w.offered('a', at(40));
    w.said('b', 'passport', 10, at(0)); // waited 4: off by 6, 6 long
    w.offered('b', at(4));
    expect(w.summary()).toEqual({ passport: { estimates: 3, meanAbsErrorSec: 26 / 3, meanBiasSec: -14 / 3 } });
  });

  it('settles nothing for a caller who left, for no estimate, or twice for one wait', () => {
    const w = new WaitEstimates();
    w.said('a', 'tips', 30, at(0));
    w.left('a');
    w.offered('a', at(50));
    w.said('b', 'tips', null, at(0));
    w.offered('b', at(5));
    w.said('c', 'tips', 5, at(0));
    w.offered('c', at(5));
    w.offered('c', at(9));
    expect(w.summary()).toEqual({ tips: { estimates: 1, meanAbsErrorSec: 0, meanBiasSec: 0 } });
  });

  it('keeps topics apart, a requeued call scored in the queue it waited in', () => {
    const w = new WaitEstimates();
    w.said('a', 'passport', 10, at(0));
    w.offered('a', at(10));
    w.said('a', 'firearms', 60, at(100));
    w.offered('a', at(130));
    expect(w.summary()).toEqual({ firearms: { estimates: 1, meanAbsErrorSec: 30, meanBiasSec: 30 }, passport: { estimates: 1, meanAbsErrorSec: 0, meanBiasSec: 0 } });
  });
});
