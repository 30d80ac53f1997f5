import type { AccessTokenClaims, Role } from '@fc/contracts';
import { UserEntity } from '@fc/persistence';
import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { AuthenticatedUser } from './current-user.decorator.js';

/** Who a valid access token speaks for, and until when. */
export interface VerifiedAccess {
  user: AuthenticatedUser;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/**
 * How long a user's active flag and role are trusted without reading them again. The process that
 * changes a user forgets its copy at once ({@link AccessTokenVerifier.forget}); other api processes
 * notice within this time.
 */
export const USER_STATUS_TTL_MS = 5000;
const MAX_CACHED_USERS = 10_000;

interface UserStatus {
  active: boolean;
  role: Role;
  readAt: number;
}

/**
 * Verifies access tokens for HTTP routes and socket handshakes alike. A token is honoured only
 * while its user is still active and still has the role it names: deactivating a user or changing
 * their role ends their sessions, not just their next sign-in.
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly statuses = new Map<string, UserStatus>();

  constructor(
    private readonly jwt: JwtService,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
  ) {}

  /** @throws UnauthorizedException saying whether the token is missing, expired or invalid, or its user no longer signed in */
  async verify(token: unknown): Promise<VerifiedAccess> {
    if (typeof token !== 'string' || token.length === 0) throw new UnauthorizedException('An access token is required');
    let claims: AccessTokenClaims & { exp?: number };
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims & { exp?: number }>(token);
    } catch (error) {
      throw new UnauthorizedException(error instanceof TokenExpiredError ? 'Access token expired' : 'Access token invalid');
    }
    const status = await this.statusOf(claims.sub);
    if (!status?.active || status.role !== claims.role) throw new UnauthorizedException('Access token no longer valid: sign in again');
    return {
      user: { userId: claims.sub, username: claims.username, role: claims.role, agentId: claims.agentId },
      expiresAt: (claims.exp ?? Number.MAX_SAFE_INTEGER / 1000) * 1000,
    };
  }

  /** Drops what this process knows of a user, after a change to their active flag or role. */
  forget(userId: string): void {
    this.statuses.delete(userId);
  }

  private async statusOf(userId: string): Promise<UserStatus | null> {
    const now = Date.now();
    const known = this.statuses.get(userId);
    if (known && now - known.readAt < USER_STATUS_TTL_MS) return known;
    // A token's subject is a user id (a UUID) once the signature holds; anything else names nobody.
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(userId)) return null;
    const user = await this.users.findOne({ where: { id: userId }, select: { id: true, active: true, role: true } });
    if (!user) return null;
    if (this.statuses.size >= MAX_CACHED_USERS) this.statuses.clear();
    const status = { active: user.active, role: user.role, readAt: now };
    this.statuses.set(userId, status);
    return status;
  }
}
