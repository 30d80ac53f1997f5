import { AppConfig } from '@fc/config';
import { JobSchedules } from '@fc/jobs';
import { RedisHealthIndicator, within } from '@fc/observability';
import { HttpException, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { createServer, type Server } from 'node:http';

const CHECK_TIMEOUT_MS = 1000;

/**
 * The worker's `/health/live` and `/health/ready` on `workerHealthPort` (0 = none): a bare node
 * HTTP listener, as the worker has no web framework (decision 0028). Ready means PostgreSQL and
 * Redis answer and Redis holds every repeatable job's schedule; the answer is Terminus's, as the
 * api's, and 503 names what is missing.
 */
@Injectable()
export class WorkerHealth implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHealth.name);
  private server: Server | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly schedules: JobSchedules,
  ) {}

  /** The process is up; says nothing about its dependencies. */
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** @throws ServiceUnavailableException (503) with the result, naming what is down */
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.database.pingCheck('database', { timeout: CHECK_TIMEOUT_MS }), () => this.redis.pingCheck('redis', CHECK_TIMEOUT_MS), () => this.schedulesCheck()]);
  }

  private async schedulesCheck() {
    const indicator = this.indicators.check('schedules');
    try {
      const missing = await within(this.schedules.missing(), CHECK_TIMEOUT_MS);
      return missing.length ? indicator.down({ missing }) : indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.workerHealthPort === 0) return;
    const routes: Record<string, () => Promise<HealthCheckResult>> = { '/health/live': () => this.live(), '/health/ready': () => this.ready() };
    const server = createServer((request, response) => {
      const route = request.method === 'GET' ? routes[(request.url ?? '').split('?')[0]!] : undefined;
      const answer = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
        response.end(JSON.stringify(body));
      };
      if (!route) return answer(404, { statusCode: 404, error: 'Not Found', message: 'GET /health/live or /health/ready' });
      route().then(
        (result) => answer(200, result),
        (error: unknown) =>
          error instanceof HttpException ? answer(error.getStatus(), error.getResponse()) : answer(500, { statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' }),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.workerHealthPort, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.logger.log(`health on port ${this.config.workerHealthPort}: /health/live, /health/ready`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeAllConnections();
    await closed;
  }
}
