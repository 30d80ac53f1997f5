import type { LoginResponse } from '@fc/contracts';
import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthService } from './auth.service.js';
import { LoginDto } from './dto/login.dto.js';
import { LoginThrottledException } from './login-throttled.exception.js';
import { Public } from './public.decorator.js';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ description: '`{ accessToken, user: { id, username, role, agentId } }`' })
  @ApiUnauthorizedResponse({ description: 'Wrong username or password' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed sign-ins for this account or from this address; `Retry-After` says how many seconds to wait' })
  async login(@Body() body: LoginDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<LoginResponse> {
    try {
      return await this.auth.login(body.username, body.password, request.ip);
    } catch (error) {
      if (error instanceof LoginThrottledException) response.setHeader('Retry-After', String(error.retryAfterSec));
      throw error;
    }
  }
}
