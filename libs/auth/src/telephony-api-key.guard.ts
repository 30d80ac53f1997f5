import { AppConfig } from '@fc/config';
import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The telephony platform authenticates with `x-api-key`; compared in constant time. */
@Injectable()
export class TelephonyApiKeyGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(config: AppConfig) {
    this.expected = digest(config.telephonyApiKey);
  }

  canActivate(context: ExecutionContext): boolean {
    const key = context.switchToHttp().getRequest<Request>().header('x-api-key');
    if (!key || !timingSafeEqual(digest(key), this.expected)) throw new UnauthorizedException('A valid x-api-key is required');
    return true;
  }
}
