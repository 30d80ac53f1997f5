import { AppConfig } from '@fc/config';
import type { AccessTokenClaims, Role } from '@fc/contracts';
import { UserEntity } from '@fc/persistence';
import { InjectRedis } from '@fc/redis';
import { Injectable, Logger, UnauthorizedException, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import type { Repository } from 'typeorm';
import type { AuthenticatedUser } from './current-user.decorator.js';
import { isUUID } from 'class-validator';

/**
 * What an access token (and a job dashboard session, which copies it) claims: the contract's
 * claims and the user's token generation when it was issued. Tokens from before generations
 * existed have none and count as generation 0, which every user starts at.
 */
export interface SessionClaims extends AccessTokenClaims {
  gen?: number;
}

/** Who a valid access token speaks for, and until when. */
export interface VerifiedAccess {
  user: AuthenticatedUser;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** The token's claims, for a token derived from it (the job dashboard's session). */
  claims: SessionClaims;
}

/**
 * How long a user's status is trusted without reading it again. A change to a user is told to
 * every api process at once ({@link AccessTokenVerifier.statusChanged}, over Redis); this is the
 * bound if that message is lost.
 */
export const USER_STATUS_TTL_MS = 5000;
const MAX_CACHED_USERS = 10_000;

interface UserStatus {
  active: boolean;
  role: Role;
  agentId: string | null;
  generation: number;
  readAt: number;
}

interface UserStatusRow {
  active: boolean;
  role: Role;
  agent_id: string | null;
  generation: number;
}

/**
 * Verifies access tokens for HTTP routes, socket handshakes and the job dashboard alike. A token is
 * honoured only while its user is still active, still has the role it names, still has the agent
 * profile it names, and its token generation is still the user's: a password reset, a role change
 * or a deactivation moves the generation on and so ends every session opened before it, also
 * after a reactivation (docs/decisions/0026-sessions-end-and-login-throttling.md).
 */
@Injectable()
export class AccessTokenVerifier implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AccessTokenVerifier.name);
  private readonly statuses = new Map<string, UserStatus>();
  /** Counts dropped statuses: a read that a drop overtook is used once but not kept. */
  private drops = 0;
  private readonly channel: string;
  private subscriber?: Redis;

  constructor(
    private readonly jwt: JwtService,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRedis() private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.channel = `${config.redisPrefix}:auth:sessions-ended`;
  }

  /** Listens for users whose sessions another api process ended. */
  async onModuleInit(): Promise<void> {
    // A connection of its own: a subscribed connection can do nothing else. It waits for Redis as long as it takes.
    const subscriber = this.redis.duplicate({ keyPrefix: '', maxRetriesPerRequest: null });
    this.subscriber = subscriber;
    subscriber.on('message', (_channel: string, userId: string) => this.forget(userId));
    // After a reconnect, messages may have been missed: forget everything.
    subscriber.on('ready', () => this.forgetAll());
    subscriber.on('error', () => undefined);
    const subscribed = subscriber.subscribe(this.channel).then(() => true);
    const waited = new Promise<false>((resolve) => setTimeout(() => resolve(false), 2000).unref());
    if (!(await Promise.race([subscribed, waited]))) this.logger.warn('not yet subscribed to ended sessions; statuses are read again after 5 s meanwhile');
    subscribed.catch((error: unknown) => this.logger.error({ err: error }, 'cannot subscribe to ended sessions'));
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  /** @throws UnauthorizedException saying whether the token is missing, expired or invalid, or its user no longer signed in */
  async verify(token: unknown): Promise<VerifiedAccess> {
    if (typeof token !== 'string' || token.length === 0) throw new UnauthorizedException('An access token is required');
    let claims: SessionClaims & { exp?: number };
    try {
      claims = await this.jwt.verifyAsync<SessionClaims & { exp?: number }>(token);
    } catch (error) {
      throw new UnauthorizedException(error instanceof TokenExpiredError ? 'Access token expired' : 'Access token invalid');
    }
    const user = await this.admit(claims);
    return {
      user,
      expiresAt: (claims.exp ?? Number.MAX_SAFE_INTEGER / 1000) * 1000,
      claims: { sub: claims.sub, username: claims.username, role: claims.role, agentId: claims.agentId, gen: claims.gen ?? 0 },
    };
  }

  /**
   * The user that signed claims speak for, if the user still stands behind them: active, with the
   * claimed role and agent profile, and the claimed token generation.
   * @throws UnauthorizedException otherwise
   */
  async admit(claims: SessionClaims): Promise<AuthenticatedUser> {
    const status = typeof claims.sub === 'string' ? await this.statusOf(claims.sub) : null;
    const current = status !== null && status.active && status.role === claims.role && status.agentId === (claims.agentId ?? null) && status.generation === (claims.gen ?? 0);
    if (!current) throw new UnauthorizedException('Access token no longer valid: sign in again');
    return { userId: claims.sub, username: claims.username, role: claims.role, agentId: claims.agentId ?? null };
  }

  /**
   * After a change to a user's active flag, role or token generation has committed: every api
   * process forgets what it knew of the user, at once (Redis pub/sub), so tokens of an earlier
   * generation are refused everywhere from then on. If the message is lost, {@link USER_STATUS_TTL_MS}
   * bounds the delay.
   */
  async statusChanged(userId: string): Promise<void> {
    this.forget(userId);
    try {
      await this.redis.publish(this.channel, userId);
    } catch (error) {
      this.logger.warn({ err: error }, `ended sessions not told to other api processes; they notice within ${USER_STATUS_TTL_MS} ms`);
    }
  }

  /** Drops what this process knows of a user. */
  forget(userId: string): void {
    this.statuses.delete(userId);
    this.drops++;
  }

  private forgetAll(): void {
    this.statuses.clear();
    this.drops++;
  }

  private async statusOf(userId: string): Promise<UserStatus | null> {
    const now = Date.now();
    const known = this.statuses.get(userId);
    if (known && now - known.readAt < USER_STATUS_TTL_MS) return known;
    // A token's subject is a user id (a UUID) once the signature holds; anything else names nobody.
    if (!isUUID(userId)) return null;
    const dropsBefore = this.drops;
    const rows: UserStatusRow[] = await this.users.query(
      `SELECT u.active, u.role, u.token_generation AS generation, a.id AS agent_id FROM users u LEFT JOIN agents a ON a.user_id = u.id WHERE u.id = $1`,
      [userId],
    );
    const row = rows[0];
    if (!row) return null;
    const status: UserStatus = { active: row.active, role: row.role, agentId: row.agent_id, generation: row.generation, readAt: now };
    if (this.drops === dropsBefore) {
      if (this.statuses.size >= MAX_CACHED_USERS) this.statuses.clear();
      this.statuses.set(userId, status);
    }
    return status;
  }
}
