import type { AccessTokenClaims } from '@fc/contracts';
import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import type { Request } from 'express';
import type { AuthenticatedUser } from './current-user.decorator.js';
import { IS_PUBLIC } from './public.decorator.js';

/** Every route needs a valid access token unless it is marked {@link Public}. */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: AuthenticatedUser }>();
    const [scheme, token] = request.headers.authorization?.split(' ') ?? [];
    if (scheme !== 'Bearer' || !token) throw new UnauthorizedException('A bearer access token is required');
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims & object>(token);
    } catch (error) {
      throw new UnauthorizedException(error instanceof TokenExpiredError ? 'Access token expired' : 'Access token invalid');
    }
    request.user = { userId: claims.sub, username: claims.username, role: claims.role, agentId: claims.agentId };
    return true;
  }
}
