import { describe, expect, it } from '@jest/globals';
import { hashFeedbackToken, isWellFormedFeedbackToken, newFeedbackToken } from './feedback-token.js';

describe('feedback tokens', () => {
  it('are 43 base64url characters (32 random bytes), different every time', () => {
    const tokens = Array.from({ length: 200 }, () => newFeedbackToken());
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(tokens).size).toBe(200);
    expect(Buffer.from(tokens[0]!, 'base64url')).toHaveLength(32);
  });

  it.each([
    { case: 'a token as handed out', value: 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde', wellFormed: true },
    { case: 'one character short', value: 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcd', wellFormed: false },
    { case: 'one character long', value: 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcdef', wellFormed: false },
    { case: 'base64 rather than base64url', value: 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/abcde', wellFormed: false },
    { case: 'padding', value: 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcd=', wellFormed: false },
    { case: 'a space inside', value: 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789 _abcde', wellFormed: false },
    { case: 'a trailing newline', value: 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde\n', wellFormed: false },
    { case: 'empty', value: '', wellFormed: false },
    { case: 'not a string', value: 42, wellFormed: false },
  ])('$case is well-formed: $wellFormed', ({ value, wellFormed }) => {
    expect(isWellFormedFeedbackToken(value)).toBe(wellFormed);
  });

  it('are kept as their sha256, in hex', () => {
    expect(hashFeedbackToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashFeedbackToken('AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde')).toMatch(/^[0-9a-f]{64}$/);
  });
});
