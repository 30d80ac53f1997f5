import { AuditAction, AuditService } from '@fc/audit';
import { CurrentUser, Roles, type AuthenticatedUser } from '@fc/auth';
import { AppConfig } from '@fc/config';
import { Role } from '@fc/contracts';
import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { JOB_DASHBOARD_COOKIE, JOB_DASHBOARD_PATH, JOB_DASHBOARD_SESSION_ROUTE, JobDashboardSessionService } from './job-dashboard-session.service.js';

/** Opens the job dashboard in a browser: the bearer token a page navigation cannot send becomes a cookie. */
@ApiTags('admin')
@ApiBearerAuth()
@Roles(Role.Admin)
@Controller(JOB_DASHBOARD_PATH.slice(1))
export class JobDashboardSessionController {
  constructor(
    private readonly sessions: JobDashboardSessionService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  @Post(JOB_DASHBOARD_SESSION_ROUTE)
  @HttpCode(204)
  @ApiOperation({ summary: 'Open a job dashboard session, then browse to /api/admin/jobs' })
  @ApiNoContentResponse({ description: 'Sets an HttpOnly, SameSite=Strict cookie for /api/admin/jobs, valid 15 minutes at most and never past the access token' })
  async open(@Req() request: Request, @Res({ passthrough: true }) response: Response, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    const { token, maxAgeSec } = await this.sessions.open(request.headers.authorization);
    response.cookie(JOB_DASHBOARD_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      path: JOB_DASHBOARD_PATH,
      maxAge: maxAgeSec * 1000,
      // Behind TLS (directly or through a trusted proxy) and always in production.
      secure: request.secure || this.config.env === 'production',
    });
    await this.audit.record({ actor: { userId: user.userId, role: user.role }, action: AuditAction.JobsDashboardSession, entityType: 'user', entityId: user.userId });
  }
}
