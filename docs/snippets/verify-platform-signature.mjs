// Verifies First Contact's webhook signature: plain Node (18+), no dependencies.
//
//   x-fc-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
//
// Verify the raw body exactly as received (the bytes, before any JSON parsing), and refuse a
// signature whose time is too far from yours: a request recorded on the way cannot be replayed
// later. The comparison takes the same time whatever the bytes, so it leaks nothing.
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * @param {string} secret TELEPHONY_WEBHOOK_SECRET, as configured in First Contact
 * @param {string | Buffer} rawBody the request body as received
 * @param {string | undefined} header the `x-fc-signature` header
 * @param {{ now?: Date, toleranceSec?: number }} [options] the time to check against, and how far `t` may be from it (default 5 minutes)
 * @returns {boolean} true when the body was signed with `secret` within the tolerance
 */
export function verifyPlatformSignature(secret, rawBody, header, { now = new Date(), toleranceSec = 300 } = {}) {
  if (typeof header !== 'string') return false;
  const parts = Object.fromEntries(header.split(',').map((part) => part.trim().split('=', 2)));
  const t = Number(parts.t);
  if (!/^\d+$/.test(parts.t ?? '') || !/^[0-9a-f]{64}$/.test(parts.v1 ?? '')) return false;
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSec) return false;
  const expected = createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(parts.v1, 'hex'));
}

// A receiver, for example (point TELEPHONY_WEBHOOK_URL at it):
//
//   import { createServer } from 'node:http';
//   const seen = new Set(); // de-duplicate on the event's id (keep them for a day in a real store)
//   createServer((request, response) => {
//     const chunks = [];
//     request.on('data', (chunk) => chunks.push(chunk));
//     request.on('end', () => {
//       const raw = Buffer.concat(chunks);
//       if (!verifyPlatformSignature(process.env.TELEPHONY_WEBHOOK_SECRET, raw, request.headers['x-fc-signature'])) {
//         response.writeHead(401).end();
//         return;
//       }
//       const event = JSON.parse(raw.toString('utf8'));
//       if (!seen.has(event.id)) {
//         seen.add(event.id);
//         // act on event.type for event.callId, in event.seq order (queue it; answer first)
//       }
//       response.writeHead(204).end();
//     });
//   }).listen(8080);
