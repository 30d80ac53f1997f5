import { QualityModule } from '@fc/quality';
import { Module } from '@nestjs/common';
import { AgentTodayController } from './agent-today.controller.js';
import { EffectController } from './effect.controller.js';
import { EffectMeasurementService } from './effect-measurement.service.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsRepository } from './metrics.repository.js';
import { MetricsService } from './metrics.service.js';
import { OperationsMetricsController } from './operations-metrics.controller.js';
import { OperationsMetrics } from './operations-metrics.js';
import { ReportThreads } from './report-threads.js';

/**
 * The measurement half of the product (DESIGN §7): `GET /api/metrics` and `GET /metrics`, and the
 * effect of a change, `GET /api/insights/effect` (decision 0039). Needs `JobsModule` (global in the api).
 */
@Module({
  imports: [QualityModule],
  controllers: [MetricsController, OperationsMetricsController, AgentTodayController, EffectController],
  providers: [MetricsRepository, MetricsService, OperationsMetrics, ReportThreads, EffectMeasurementService],
  exports: [MetricsService, EffectMeasurementService],
})
export class MetricsModule {}
