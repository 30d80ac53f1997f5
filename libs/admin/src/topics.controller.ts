import { Roles } from '@fc/auth';
import { Role, type TopicView } from '@fc/contracts';
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RoutingCatalogService } from './routing-catalog.service.js';

/** The topics as the console shows them to everyone: names for queues and offers, closing guidance at wrap-up. */
@ApiTags('topics')
@ApiBearerAuth()
@Roles(Role.Agent, Role.Supervisor, Role.Quality, Role.Admin)
@Controller('api/topics')
export class TopicsController {
  constructor(private readonly catalog: RoutingCatalogService) {}

  @Get()
  async list(): Promise<TopicView[]> {
    return (await this.catalog.listTopics()).map(({ key, nameNb, nameEn, serviceLevelTargetPct, serviceLevelThresholdSec, callbackTargetMin, closingGuidanceNb, closingGuidanceEn, active }) => ({
      key,
      nameNb,
      nameEn,
      serviceLevelTargetPct,
      serviceLevelThresholdSec,
      callbackTargetMin,
      closingGuidanceNb,
      closingGuidanceEn,
      active,
    }));
  }
}
