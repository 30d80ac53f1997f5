import { AuditAction, AuditService } from '@fc/audit';
import type { LoginResponse } from '@fc/contracts';
import { AgentEntity, UserEntity } from '@fc/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { SessionClaims } from './access-token-verifier.js';
import { LoginThrottle } from './login-throttle.js';
import { LoginThrottledException } from './login-throttled.exception.js';
import { verifyPassword } from './password.js';
import { WrongCredentialsError } from './auth-errors.js';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(AgentEntity) private readonly agents: Repository<AgentEntity>,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    private readonly throttle: LoginThrottle,
  ) {}

  /**
   * Signs a user in from `ip`. Refused with 429 while the account or the address has run out of
   * failed sign-ins ({@link LoginThrottle}); the password is then not even checked. The first
   * refusal of each block is audited; a failure is logged as a warning with the user's id if the
   * username names one — never with the password, nor an unknown username (people type passwords
   * into the username field).
   * @throws LoginThrottledException, WrongCredentialsError
   */
  async login(username: string, password: string, ip?: string): Promise<LoginResponse> {
    const refusal = await this.throttle.refusal(username, ip);
    if (refusal) {
      if (refusal.firstOfBlock) {
        const user = refusal.rule === 'account' ? await this.users.findOne({ where: { username }, select: { id: true } }) : null;
        await this.audit.record({
          actor: null,
          action: AuditAction.AuthLoginThrottled,
          entityType: refusal.rule === 'account' ? 'user' : 'address',
          entityId: user?.id ?? null,
          data: { rule: refusal.rule, retryAfterSec: refusal.retryAfterSec },
        });
      }
      throw new LoginThrottledException(refusal.retryAfterSec);
    }
    const user = await this.users.findOneBy({ username });
    const valid = await verifyPassword(user?.passwordHash, password);
    if (!user || !valid || !user.active) {
      await this.throttle.failed(username, ip);
      // Logged, not audited: a refused request changes nothing, and guessers would fill the audit log.
      this.logger.warn({ userId: user?.id ?? null }, 'sign-in failed');
      throw new WrongCredentialsError();
    }
    await this.throttle.succeeded(username);
    const agent = await this.agents.findOneBy({ userId: user.id });
    // The generation read with the password hash: a reset or deactivation committed since then makes this token stale at once.
    const claims: SessionClaims = { sub: user.id, username: user.username, role: user.role, agentId: agent?.id ?? null, gen: user.tokenGeneration };
    const accessToken = await this.jwt.signAsync(claims);
    await this.audit.record({ actor: { userId: user.id, role: user.role }, action: AuditAction.AuthLogin, entityType: 'user', entityId: user.id });
    return { accessToken, user: { id: user.id, username: user.username, role: user.role, agentId: claims.agentId } };
  }
}
