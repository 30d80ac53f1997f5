import { AccessTokenVerifier, type AuthenticatedUser, type SessionClaims } from '@fc/auth';
import { AppConfig } from '@fc/config';
import { Role } from '@fc/contracts';
import { ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Where the job dashboard lives; its session cookie is sent to this path only. */
export const JOB_DASHBOARD_PATH = '/api/admin/jobs';
/** `POST <path>/session` turns an administrator's bearer token into the dashboard's cookie. */
export const JOB_DASHBOARD_SESSION_ROUTE = 'session';
export const JOB_DASHBOARD_COOKIE = 'fc_job_dashboard';
/** A dashboard session lasts this long at most, and never longer than the access token that opened it. */
export const JOB_DASHBOARD_SESSION_SEC = 15 * 60;
const AUDIENCE = 'fc:job-dashboard';

/**
 * Who may see the job dashboard: an administrator, by bearer token (scripts, tests) or by the
 * session cookie a bearer request opened (a browser navigating to the board cannot send a header).
 * The session token is a JWT like an access token but signed with a key derived for this purpose
 * alone, so neither token is accepted in the other's place. Its user is checked on every request
 * exactly as an access token's ({@link AccessTokenVerifier.admit}): a deactivation, a new role or a
 * new password ends the session at once.
 */
@Injectable()
export class JobDashboardSessionService {
  private readonly sessionKey: Buffer;

  constructor(
    private readonly accessTokens: AccessTokenVerifier,
    private readonly jwt: JwtService,
    config: AppConfig,
  ) {
    this.sessionKey = createHmac('sha256', config.jwtSecret).update(AUDIENCE).digest();
  }

  /**
   * A session token for the administrator whose bearer access token is in `authorization`; it
   * expires with that token at the latest.
   */
  async open(authorization: string | undefined, now = Date.now()): Promise<{ token: string; maxAgeSec: number }> {
    const { user, expiresAt, claims } = await this.accessTokens.verify(bearerToken(authorization));
    assertAdmin(user);
    const maxAgeSec = Math.max(1, Math.min(JOB_DASHBOARD_SESSION_SEC, Math.floor((expiresAt - now) / 1000)));
    // The access token's claims, its token generation included: the session ends with the user's sessions.
    const token = await this.jwt.signAsync(claims, { secret: this.sessionKey, expiresIn: maxAgeSec, audience: AUDIENCE, algorithm: 'HS256' });
    return { token, maxAgeSec };
  }

  /**
   * The administrator a request speaks for: its bearer token if it has one, else its session cookie.
   * @throws UnauthorizedException without valid credentials, ForbiddenException for other roles
   */
  async authenticate(headers: IncomingHttpHeaders): Promise<AuthenticatedUser> {
    let user: AuthenticatedUser;
    if (headers.authorization !== undefined) {
      user = (await this.accessTokens.verify(bearerToken(headers.authorization))).user;
    } else {
      const session = cookieOf(headers.cookie, JOB_DASHBOARD_COOKIE);
      if (!session) throw new UnauthorizedException('An administrator access token or job dashboard session is required');
      user = await this.verifySession(session);
    }
    assertAdmin(user);
    return user;
  }

  /** A session's signature and expiry, then on every request the same check of its user as an access token's. */
  private async verifySession(token: string): Promise<AuthenticatedUser> {
    let claims: SessionClaims;
    try {
      claims = await this.jwt.verifyAsync<SessionClaims>(token, { secret: this.sessionKey, audience: AUDIENCE, algorithms: ['HS256'] });
    } catch (error) {
      throw new UnauthorizedException(error instanceof TokenExpiredError ? 'Job dashboard session expired' : 'Job dashboard session invalid');
    }
    return this.accessTokens.admit(claims);
  }
}

function bearerToken(authorization: string | undefined): string {
  const [scheme, token] = authorization?.split(' ') ?? [];
  if (scheme !== 'Bearer' || !token) throw new UnauthorizedException('A bearer access token is required');
  return token;
}

function assertAdmin(user: AuthenticatedUser): void {
  if (user.role !== Role.Admin) throw new ForbiddenException('This needs the role admin');
}

/** One cookie's value from a `Cookie` header (no cookie parser runs in the api). */
function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const pair of header?.split(';') ?? []) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
}
