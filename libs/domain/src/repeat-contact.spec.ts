import { describe, expect, it } from '@jest/globals';
import { repeatedContact, type EarlierContact } from './repeat-contact.js';

const DAY = 86_400_000;
const first = new Date('2026-11-02T09:00:00Z');
const earlier = (id: string, arrivedAt: Date, extra: Partial<EarlierContact> = {}): EarlierContact => ({ id, topicId: 'passport', arrivedAt, lastTransferAt: null, ...extra });
const arriving = (at: Date, extra: { topicId?: string; callbackOfCallId?: string } = {}) => ({ topicId: extra.topicId ?? 'passport', arrivedAt: at, callbackOfCallId: extra.callbackOfCallId ?? null });

describe('repeat contacts', () => {
  it('a call exactly 7 days after the first is a repeat of it; a millisecond later it is not', () => {
    expect(repeatedContact(arriving(new Date(first.getTime() + 7 * DAY)), [earlier('c1', first)])?.id).toBe('c1');
    expect(repeatedContact(arriving(new Date(first.getTime() + 7 * DAY + 1)), [earlier('c1', first)])).toBeNull();
  });

  it('links to the most recent earlier call about the same topic, never one about another topic', () => {
    const calls = [earlier('old', first), earlier('recent', new Date(first.getTime() + DAY)), earlier('other-topic', new Date(first.getTime() + 2 * DAY), { topicId: 'tips' })];
    expect(repeatedContact(arriving(new Date(first.getTime() + 3 * DAY)), calls)?.id).toBe('recent');
    expect(repeatedContact(arriving(new Date(first.getTime() + 3 * DAY), { topicId: 'firearms' }), calls)).toBeNull();
  });

  it('a call back within 15 minutes of a transfer is a dropped transfer, not a repeat', () => {
    const transferred = earlier('c1', first, { lastTransferAt: new Date(first.getTime() + 5 * 60_000) });
    expect(repeatedContact(arriving(new Date(first.getTime() + 20 * 60_000)), [transferred])).toBeNull();
    expect(repeatedContact(arriving(new Date(first.getTime() + 20 * 60_000 + 1)), [transferred])?.id).toBe('c1');
  });

  it('a callback is never a repeat of the call it stands in for, and the window has a custom length', () => {
    expect(repeatedContact(arriving(new Date(first.getTime() + 60_000), { callbackOfCallId: 'c1' }), [earlier('c1', first)])).toBeNull();
    expect(repeatedContact(arriving(new Date(first.getTime() + 2 * DAY)), [earlier('c1', first)], 1)).toBeNull();
  });
});
