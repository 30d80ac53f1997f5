import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { AuditAction, AuditService } from '@fc/audit';
import type { AuthenticatedUser } from '@fc/auth';
import { JobQueues } from '@fc/jobs';
import { toApiErrorBody } from '@fc/observability';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { JOB_DASHBOARD_PATH, JOB_DASHBOARD_SESSION_ROUTE, JobDashboardSessionService } from './job-dashboard-session.service.js';

const logger = new Logger('JobDashboard');

/**
 * Mounts Bull Board (every queue of {@link JobQueues}) at `/api/admin/jobs`, for administrators only
 * (docs/decisions/0017-job-dashboard.md). It is an Express app of its own, not a Nest controller,
 * so Nest's guards, pipes and filters never see its routes: the middleware in front of it does the
 * authentication and answers refusals in the api's error shape itself. It lives here, in the api's
 * wiring, because it is wiring: no capability depends on it and only this process serves it.
 * Call it before the app initialises, so it comes before Nest's routes; it lets `POST …/session`,
 * a Nest route, through.
 */
export function mountJobDashboard(app: NestExpressApplication): void {
  const sessions = app.get(JobDashboardSessionService);
  const audit = app.get(AuditService, { strict: false });
  const board = new ExpressAdapter().setBasePath(JOB_DASHBOARD_PATH);
  createBullBoard({
    queues: app
      .get(JobQueues)
      .all()
      .map((queue) => new BullMQAdapter(queue)),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'First Contact jobs' } },
  });

  const adminsOnly = async (request: Request, response: Response, next: NextFunction): Promise<void> => {
    // Opening a session is a Nest route with Nest's guards.
    if (request.path === `/${JOB_DASHBOARD_SESSION_ROUTE}`) return next();
    let user: AuthenticatedUser;
    try {
      user = await sessions.authenticate(request.headers);
    } catch (error) {
      const body = toApiErrorBody(error);
      if (body.statusCode >= 500) logger.error({ err: error }, 'job dashboard authentication failed');
      else logger.warn({ method: request.method, path: request.originalUrl.split('?')[0], statusCode: body.statusCode }, 'job dashboard request refused');
      response.status(body.statusCode).json(body);
      return;
    }
    // Retrying, removing or pausing is a change made by a person: audited once it succeeded.
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.once('finish', () => {
        if (response.statusCode >= 400) return;
        audit
          .record({
            actor: { userId: user.userId, role: user.role },
            action: AuditAction.JobsDashboardAction,
            entityType: 'job_queue',
            data: { method: request.method, path: request.originalUrl.split('?')[0]! },
          })
          .catch((error: unknown) => logger.error({ err: error }, 'job dashboard action not audited'));
      });
    }
    next();
  };
  app.use(JOB_DASHBOARD_PATH, adminsOnly, board.getRouter());
}
