import { AuditModule } from '@fc/audit';
import { AppConfig } from '@fc/config';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { AccessTokenVerifier } from './access-token-verifier.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { JwtAuthGuard } from './jwt-auth.guard.js';
import { LoginThrottle } from './login-throttle.js';
import { RolesGuard } from './roles.guard.js';
import { TelephonyApiKeyGuard } from './telephony-api-key.guard.js';

/** Sign-in, access tokens, and the guards every route passes: token first, then role. */
@Module({
  imports: [
    AuditModule,
    JwtModule.registerAsync({
      global: true,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // A KeyObject made once: given a string, jsonwebtoken re-derives the key on every verify
        // (trying, and failing, to read it as a public key first) — a fifth of the api's CPU under load.
        secret: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')),
        signOptions: { expiresIn: config.jwtTtlSec, algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, AccessTokenVerifier, LoginThrottle, TelephonyApiKeyGuard, { provide: APP_GUARD, useClass: JwtAuthGuard }, { provide: APP_GUARD, useClass: RolesGuard }],
  exports: [TelephonyApiKeyGuard, AccessTokenVerifier],
})
export class AuthModule {}
