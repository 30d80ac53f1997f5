import type { Response } from 'express';
import type { PageLanguage } from './page-texts.js';

/**
 * Scripts, styles, fetches and form posts from the api's own origin only; no inline script or
 * style, no eval, no framing. (`data:` images for the empty favicon, which spares a request.)
 */
export const FEEDBACK_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Sends a feedback page. The URL holds the token, so the page is never cached and never sent on
 * as a referrer.
 */
export function sendPage(response: Response, status: number, html: string, lang: PageLanguage): void {
  response
    .status(status)
    .set({
      'content-type': 'text/html; charset=utf-8',
      'content-language': lang,
      'content-security-policy': FEEDBACK_PAGE_CSP,
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    })
    .send(html);
}

/** Sends the page's stylesheet or script; they hold nothing personal and may be cached. */
export function sendAsset(response: Response, contentType: string, body: string): void {
  response
    .status(200)
    .set({ 'content-type': `${contentType}; charset=utf-8`, 'cache-control': 'public, max-age=3600', 'x-content-type-options': 'nosniff' })
    .send(body);
}
