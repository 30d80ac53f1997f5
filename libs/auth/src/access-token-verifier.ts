import type { AccessTokenClaims } from '@fc/contracts';
import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import type { AuthenticatedUser } from './current-user.decorator.js';

/** Who a valid access token speaks for, and until when. */
export interface VerifiedAccess {
  user: AuthenticatedUser;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** Verifies access tokens for HTTP routes and socket handshakes alike. */
@Injectable()
export class AccessTokenVerifier {
  constructor(private readonly jwt: JwtService) {}

  /** @throws UnauthorizedException saying whether the token is missing, expired or invalid */
  async verify(token: unknown): Promise<VerifiedAccess> {
    if (typeof token !== 'string' || token.length === 0) throw new UnauthorizedException('An access token is required');
    let claims: AccessTokenClaims & { exp?: number };
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims & { exp?: number }>(token);
    } catch (error) {
      throw new UnauthorizedException(error instanceof TokenExpiredError ? 'Access token expired' : 'Access token invalid');
    }
    return {
      user: { userId: claims.sub, username: claims.username, role: claims.role, agentId: claims.agentId },
      expiresAt: (claims.exp ?? Number.MAX_SAFE_INTEGER / 1000) * 1000,
    };
  }
}
