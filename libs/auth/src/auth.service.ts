import { AuditService } from '@fc/audit';
import type { AccessTokenClaims, LoginResponse } from '@fc/contracts';
import { AgentEntity, UserEntity } from '@fc/persistence';
import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { verifyPassword } from './password.js';

@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(AgentEntity) private readonly agents: Repository<AgentEntity>,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
  ) {}

  async login(username: string, password: string): Promise<LoginResponse> {
    const user = await this.users.findOneBy({ username });
    const valid = await verifyPassword(user?.passwordHash, password);
    if (!user || !valid || !user.active) throw new UnauthorizedException('Wrong username or password');
    const agent = await this.agents.findOneBy({ userId: user.id });
    const claims: AccessTokenClaims = { sub: user.id, username: user.username, role: user.role, agentId: agent?.id ?? null };
    const accessToken = await this.jwt.signAsync(claims);
    await this.audit.record({ actor: { userId: user.id, role: user.role }, action: 'auth.login', entityType: 'user', entityId: user.id });
    return { accessToken, user: { id: user.id, username: user.username, role: user.role, agentId: claims.agentId } };
  }
}
