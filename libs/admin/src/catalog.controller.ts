import { CurrentUser, Roles, type AuthenticatedUser } from '@fc/auth';
import { Role, type AgentSkillsAdminView, type SkillView, type TopicView } from '@fc/contracts';
import { UuidParam } from '@fc/http';
import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { SetAgentSkillsDto } from './dto/set-agent-skills.dto.js';
import { RoutingCatalogService } from './routing-catalog.service.js';

/**
 * The routing catalog as the console reads it — topic names for queues and offers, closing
 * guidance at wrap-up, skill names — and the supervisor's change of an agent's skills on the floor.
 */
@ApiTags('catalog')
@ApiBearerAuth()
@Controller('api')
export class CatalogController {
  constructor(private readonly catalog: RoutingCatalogService) {}

  @Get('topics')
  @Roles(Role.Agent, Role.Supervisor, Role.Quality, Role.Admin)
  async topics(): Promise<TopicView[]> {
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

  @Get('skills')
  @Roles(Role.Agent, Role.Supervisor, Role.Quality, Role.Admin)
  skills(): Promise<SkillView[]> {
    return this.catalog.listSkills();
  }

  /** The same change as the admin route, for the supervisor who staffs the floor; audited as theirs. */
  @Put('agents/:id/skills')
  @Roles(Role.Supervisor, Role.Admin)
  setAgentSkills(@UuidParam() id: string, @Body() body: SetAgentSkillsDto, @CurrentUser() user: AuthenticatedUser): Promise<AgentSkillsAdminView> {
    return this.catalog.setAgentSkills(id, body.skills, { userId: user.userId, role: user.role === Role.Admin ? 'admin' : 'supervisor' });
  }
}
