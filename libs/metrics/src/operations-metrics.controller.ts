import { Public } from '@fc/auth';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { OperationsMetrics } from './operations-metrics.js';

/** Prometheus scrape endpoint. Public like the health checks: keep it on the internal network. */
@ApiExcludeController()
@Controller('metrics')
export class OperationsMetricsController {
  constructor(private readonly metrics: OperationsMetrics) {}

  @Get()
  @Public()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
