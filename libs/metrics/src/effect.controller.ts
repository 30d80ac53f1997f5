import { Roles } from '@fc/auth';
import { Role, type EffectReport } from '@fc/contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { EffectQueryDto } from './dto/effect-query.dto.js';
import { EffectMeasurementService } from './effect-measurement.service.js';

@ApiTags('metrics')
@ApiBearerAuth()
@Controller('api/insights')
export class EffectController {
  constructor(private readonly effect: EffectMeasurementService) {}

  /** Any change date, on its own: what improvement actions show for theirs (decision 0039). */
  @Get('effect')
  @Roles(Role.Supervisor, Role.Quality, Role.Admin)
  @ApiOkResponse({ description: "The addressed topics' and root causes' figures over equal windows before and after effectiveAt, each difference with Newcombe's 95 % interval and a verdict" })
  measure(@Query() query: EffectQueryDto): Promise<EffectReport> {
    return this.effect.measure({ topicKeys: query.topicKey ?? [], rootCauseKeys: query.rootCause ?? [], effectiveAt: new Date(query.effectiveAt), windowDays: query.windowDays });
  }
}
