import { Roles } from '@fc/auth';
import { MetricsGroupBy, Role } from '@fc/contracts';
import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { MetricsQueryDto } from './dto/metrics-query.dto.js';
import { MetricsService } from './metrics.service.js';
import { ReportAbandonedError } from './report-threads.js';

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
    // A client that goes away before its report is done takes it out of the queue, or stops its thread.
    const gone = new AbortController();
    response.once('close', () => gone.abort());
    const csv = accept?.includes('text/csv') ?? false;
    let body: Uint8Array;
    try {
      body = await this.metrics.report(
        { from: new Date(query.from), to: new Date(query.to), groupBy: query.groupBy ?? MetricsGroupBy.Topic, interval: query.interval ?? null },
        csv ? 'csv' : 'json',
        gone.signal,
      );
    } catch (error) {
      if (error instanceof ReportAbandonedError) return;
      throw error;
    }
    // The text was made in the report's thread: here it is only handed to the socket.
    if (csv) {
      response.type('text/csv; charset=utf-8');
      response.setHeader('content-disposition', `attachment; filename="metrics-${query.groupBy ?? MetricsGroupBy.Topic}-${query.from.slice(0, 10)}.csv"`);
    } else response.type('application/json; charset=utf-8');
    response.end(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  }
}
