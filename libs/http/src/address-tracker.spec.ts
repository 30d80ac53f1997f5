import { describe, expect, it } from '@jest/globals';
import { addressTracker } from './address-tracker.js';

describe('whom a rate-limited request counts against', () => {
  it.each([
    { ip: '203.0.113.7', tracker: '203.0.113.7' },
    { ip: '::ffff:203.0.113.7', tracker: '203.0.113.7' },
    { ip: '2001:db8:85a3:0042:1000:8a2e:0370:7334', tracker: '2001:db8:85a3:42::/64' },
    { ip: '2001:db8:85a3:42:ffff:ffff:ffff:1', tracker: '2001:db8:85a3:42::/64' },
    { ip: '2001:db8::1', tracker: '2001:db8:0:0::/64' },
    { ip: 'fe80::1%eth0', tracker: 'fe80:0:0:0::/64' },
    { ip: '::1', tracker: '0:0:0:0::/64' },
    { ip: undefined, tracker: 'unknown' },
  ])('$ip counts as $tracker', ({ ip, tracker }) => {
    expect(addressTracker(ip)).toBe(tracker);
  });
});
