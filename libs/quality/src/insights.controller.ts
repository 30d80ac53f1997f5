import { Roles } from '@fc/auth';
import { Role, type RootCauseInsightReport } from '@fc/contracts';
import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RootCauseInsightsQueryDto } from './dto/root-cause-insights-query.dto.js';
import { rootCauseInsightsCsv } from './root-cause-insights-csv.js';
import { RootCauseInsightsService } from './root-cause-insights.service.js';

@ApiTags('quality')
@ApiBearerAuth()
@Controller('api/insights')
export class InsightsController {
  constructor(private readonly insights: RootCauseInsightsService) {}

  @Get('root-causes')
  @Roles(Role.Supervisor, Role.Quality, Role.Admin)
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'Root causes of done reviews per topic and period of their calls, with the number of done reviews behind each' })
  async rootCauses(@Query() query: RootCauseInsightsQueryDto, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) response: Response): Promise<RootCauseInsightReport | string> {
    const report = await this.insights.report({ from: new Date(query.from), to: new Date(query.to), interval: query.interval ?? 'day', topicKey: query.topicKey ?? null });
    if (!accept?.includes('text/csv')) return report;
    response.type('text/csv; charset=utf-8');
    response.setHeader('content-disposition', `attachment; filename="root-causes-${report.interval}-${query.from.slice(0, 10)}.csv"`);
    return rootCauseInsightsCsv(report);
  }
}
