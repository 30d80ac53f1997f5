import { createHmac } from 'node:crypto';

/**
 * The value of a webhook's `x-fc-signature` header (DESIGN §11): `t=<unix seconds>,v1=<hex
 * HMAC-SHA256(secret, "<t>.<raw body>")>`. The time is signed with the body, so a receiver that
 * refuses old times cannot be fed a recorded request again later.
 */
export function signPlatformEvent(secret: string, rawBody: string, now: Date): string {
  const t = Math.floor(now.getTime() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex')}`;
}
