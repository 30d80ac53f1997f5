import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { signPlatformEvent } from './platform-signature.js';

type Verify = (secret: string, rawBody: string | Buffer, header: string | undefined, options?: { now?: Date; toleranceSec?: number }) => boolean;

// The snippet integrators copy (docs/snippets), loaded as they would run it: plain Node, no types.
const snippet = pathToFileURL(resolve('docs/snippets/verify-platform-signature.mjs')).href;
const { verifyPlatformSignature } = (await import(snippet)) as { verifyPlatformSignature: Verify };

const SECRET = 'whsec-0123456789-0123456789-0123456789';
const BODY = '{"id":"4d7e2f4c-1b7a-4a3e-9c55-0d3f1e2a6b70","callId":"6f1c2a4e-8b3d-4c5e-9f7a-1b2c3d4e5f60","seq":1,"type":"call.release","data":{}}';
const AT = new Date('2026-12-04T20:00:00.000Z');

describe('the platform webhook signature', () => {
  it('is t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>', () => {
    const expected = createHmac('sha256', SECRET).update(`1796414400.${BODY}`).digest('hex');
    expect(signPlatformEvent(SECRET, BODY, AT)).toBe(`t=1796414400,v1=${expected}`);
  });

  it('passes the integrators’ snippet, from the same second to five minutes later, as text or bytes', () => {
    const header = signPlatformEvent(SECRET, BODY, AT);
    expect(verifyPlatformSignature(SECRET, BODY, header, { now: AT })).toBe(true);
    expect(verifyPlatformSignature(SECRET, Buffer.from(BODY), header, { now: new Date(AT.getTime() + 300_000) })).toBe(true);
  });

  it('is refused by the snippet with a wrong secret, a tampered body or an old time', () => {
    const header = signPlatformEvent(SECRET, BODY, AT);
    expect(verifyPlatformSignature('another-secret-0123456789-0123456789', BODY, header, { now: AT })).toBe(false);
    expect(verifyPlatformSignature(SECRET, BODY.replace('call.release', 'call.connect'), header, { now: AT })).toBe(false);
    expect(verifyPlatformSignature(SECRET, BODY, header, { now: new Date(AT.getTime() + 301_000) })).toBe(false);
    // A time moved forward with the old mac does not pass either: the time is signed.
    expect(verifyPlatformSignature(SECRET, BODY, header.replace('t=1796414400', 't=1796414700'), { now: new Date(AT.getTime() + 300_000) })).toBe(false);
  });

  it('is refused by the snippet when missing or malformed', () => {
    expect(verifyPlatformSignature(SECRET, BODY, undefined, { now: AT })).toBe(false);
    expect(verifyPlatformSignature(SECRET, BODY, 'v1=abc', { now: AT })).toBe(false);
    expect(verifyPlatformSignature(SECRET, BODY, 't=1796414400,v1=zz', { now: AT })).toBe(false);
  });
});
