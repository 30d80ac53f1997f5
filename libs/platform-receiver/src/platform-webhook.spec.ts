import type { PlatformEvent } from '@fc/contracts';
import { signPlatformEvent } from '@fc/telephony-webhook';
import { afterEach, describe, expect, it } from '@jest/globals';
import { PlatformWebhook } from './platform-webhook.js';

const SECRET = 'whsec-0123456789-0123456789-0123456789';
const NOW = Date.parse('2026-12-04T20:00:00.000Z');

const event = (callId: string, seq: number, id = `${callId}-${seq}`): PlatformEvent =>
  ({ id, callId, externalId: `sim-${callId}`, seq, type: 'call.release', at: new Date(NOW).toISOString(), data: {} }) as PlatformEvent;
const signed = (e: PlatformEvent, secret = SECRET) => {
  const body = JSON.stringify(e);
  return { body: Buffer.from(body), signature: signPlatformEvent(secret, body, new Date(NOW)) };
};

describe('the simulator’s platform webhook', () => {
  let heard: string[];
  let webhook: PlatformWebhook;
  const take = (e: PlatformEvent, atMs = NOW) => {
    const { body, signature } = signed(e);
    return webhook.take(body, signature, atMs);
  };

  afterEach(() => webhook.stop());

  const fresh = (port = 0) => {
    heard = [];
    webhook = new PlatformWebhook(port, SECRET, (e) => heard.push(`${e.callId}#${e.seq}`));
    return webhook;
  };

  it('acts on a signed event once, whether its id or an older seq comes again', () => {
    fresh();
    expect(take(event('a', 1))).toBe(204);
    expect(take(event('a', 1))).toBe(204);
    expect(take(event('a', 2))).toBe(204);
    // The same seq under another id (the feed and the webhook, say) is a repeat too.
    expect(take(event('a', 1, 'other-id'))).toBe(204);
    expect(heard).toEqual(['a#1', 'a#2']);
    expect(webhook.counts).toEqual({ events: 2, repeats: 2, refused: 0, early: 0 });
  });

  it('refuses, and acts on nothing, without the secret’s signature, with an old one, or without JSON', () => {
    fresh();
    const e = signed(event('a', 1), 'another-secret-0123456789-0123456789');
    expect(webhook.take(e.body, e.signature, NOW)).toBe(401);
    expect(webhook.take(signed(event('a', 1)).body, undefined, NOW)).toBe(401);
    expect(take(event('a', 1), NOW + 301_000)).toBe(401);
    const garbled = 'not json';
    expect(webhook.take(Buffer.from(garbled), signPlatformEvent(SECRET, garbled, new Date(NOW)), NOW)).toBe(400);
    expect(heard).toEqual([]);
    expect(webhook.counts.refused).toBe(4);
  });

  it('hands a call’s events on in seq order, holding one that came early, while other calls go on', () => {
    fresh();
    take(event('a', 1));
    take(event('a', 3));
    take(event('b', 1));
    take(event('a', 4));
    expect(heard).toEqual(['a#1', 'b#1']);
    take(event('a', 2));
    expect(heard).toEqual(['a#1', 'b#1', 'a#2', 'a#3', 'a#4']);
    expect(webhook.counts.early).toBe(2);
  });

  it('gives up on a gap after a few seconds: those events came before it listened', () => {
    fresh();
    take(event('c', 5));
    take(event('c', 6));
    webhook.sweep(NOW + 1000);
    expect(heard).toEqual([]);
    webhook.sweep(NOW + 5000);
    expect(heard).toEqual(['c#5', 'c#6']);
    take(event('c', 7));
    expect(heard).toEqual(['c#5', 'c#6', 'c#7']);
  });

  it('answers over HTTP on 127.0.0.1: 204 for a signed event, 401 for an unsigned one, 405 for a GET', async () => {
    await fresh().start();
    const url = `http://127.0.0.1:${webhook.listeningPort}/platform-events`;
    const body = JSON.stringify({ ...event('h', 1), at: new Date().toISOString() });
    const ok = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-fc-signature': signPlatformEvent(SECRET, body, new Date()) } });
    const unsigned = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    const get = await fetch(url);
    expect([ok.status, unsigned.status, get.status]).toEqual([204, 401, 405]);
    expect(heard).toEqual(['h#1']);
  });
});
