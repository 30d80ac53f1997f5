import { createHmac } from 'node:crypto';

/** How long credentials for the voice edge hold: an agent's working day and then some. */
export const SIP_CREDENTIALS_TTL_SEC = 24 * 3600;

export interface SipCredentials {
  /** `<expiry, unix seconds>:<SIP user>` */
  username: string;
  password: string;
  expiresAt: Date;
}

/**
 * Credentials for registering `user` at the voice edge (decision 0047): Kamailio's auth_ephemeral
 * checks them with the secret it shares with the api, and nothing is stored. The scheme is
 * draft-uberti-rtcweb-turn-rest's: the password is base64(HMAC-SHA1(secret, username)), the
 * username carries its own expiry.
 */
export function sipCredentials(secret: string, user: string, now = new Date(), ttlSec = SIP_CREDENTIALS_TTL_SEC): SipCredentials {
  const expiry = Math.floor(now.getTime() / 1000) + ttlSec;
  const username = `${expiry}:${user}`;
  return { username, password: createHmac('sha1', secret).update(username).digest('base64'), expiresAt: new Date(expiry * 1000) };
}
