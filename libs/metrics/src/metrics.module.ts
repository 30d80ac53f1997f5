import { Module } from '@nestjs/common';
import { AgentTodayController } from './agent-today.controller.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsRepository } from './metrics.repository.js';
import { MetricsService } from './metrics.service.js';
import { OperationsMetricsController } from './operations-metrics.controller.js';
import { OperationsMetrics } from './operations-metrics.js';
import { ReportThreads } from './report-threads.js';

/** The measurement half of the product (DESIGN §7): `GET /api/metrics` and `GET /metrics`. Needs `JobsModule` (global in the api). */
@Module({
  controllers: [MetricsController, OperationsMetricsController, AgentTodayController],
  providers: [MetricsRepository, MetricsService, OperationsMetrics, ReportThreads],
  exports: [MetricsService],
})
export class MetricsModule {}
