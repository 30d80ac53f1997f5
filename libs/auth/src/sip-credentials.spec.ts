import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { sipCredentials } from './sip-credentials.js';

describe('sipCredentials', () => {
  it('names the expiry and the user, and signs exactly that with the shared secret', () => {
    const now = new Date('2026-12-06T00:00:00Z');
    const credentials = sipCredentials('a-secret-of-the-edge-and-the-api', 'agent07', now, 3600);
    expect(credentials.username).toBe(`${now.getTime() / 1000 + 3600}:agent07`);
    expect(credentials.expiresAt).toEqual(new Date(now.getTime() + 3600_000));
    // The value Kamailio's auth_ephemeral computes (sha_algorithm 0).
    expect(credentials.password).toBe(createHmac('sha1', 'a-secret-of-the-edge-and-the-api').update(credentials.username).digest('base64'));
    expect(sipCredentials('another-secret-of-thirty-two-chars', 'agent07', now, 3600).password).not.toBe(credentials.password);
  });
});
