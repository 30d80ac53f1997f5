import { Roles } from '@fc/auth';
import { MetricsGroupBy, Role } from '@fc/contracts';
import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { MetricsQueryDto } from './dto/metrics-query.dto.js';
import { metricsCsv } from './metrics-csv.js';
import { sendMetricsJson } from './metrics-json.js';
import { MetricsService } from './metrics.service.js';
import { ReportAbandonedError } from './report-gate.js';

@ApiTags('metrics')
@ApiBearerAuth()
@Controller('api/metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Roles(Role.Supervisor, Role.Quality, Role.Admin)
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'Rows of the DESIGN §7 figures, each with the counts behind it (docs/metrics.md)' })
  async report(@Query() query: MetricsQueryDto, @Headers('accept') accept: string | undefined, @Res() response: Response): Promise<void> {
    // A client that goes away while its report waits for a turn takes it out of the queue.
    const gone = new AbortController();
    response.once('close', () => gone.abort());
    let report;
    try {
      report = await this.metrics.report(
        { from: new Date(query.from), to: new Date(query.to), groupBy: query.groupBy ?? MetricsGroupBy.Topic, interval: query.interval ?? null },
        gone.signal,
      );
    } catch (error) {
      if (error instanceof ReportAbandonedError) return;
      throw error;
    }
    if (!accept?.includes('text/csv')) return sendMetricsJson(response, report);
    response.type('text/csv; charset=utf-8');
    response.setHeader('content-disposition', `attachment; filename="metrics-${report.groupBy}-${query.from.slice(0, 10)}.csv"`);
    response.send(metricsCsv(report));
  }
}
