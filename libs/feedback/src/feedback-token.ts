import { createHash, randomBytes } from 'node:crypto';

/** A feedback token as we hand them out: 32 random bytes, base64url, no padding. */
export const FEEDBACK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A new single-use token: 256 random bits, so guessing one is hopeless. */
export function newFeedbackToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Whether `value` can be one of our tokens at all; anything else is a malformed link. */
export function isWellFormedFeedbackToken(value: unknown): value is string {
  return typeof value === 'string' && FEEDBACK_TOKEN_PATTERN.test(value);
}

/** What the database keeps of a token (sha256, hex): a leaked table cannot be turned into working links. */
export function hashFeedbackToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
