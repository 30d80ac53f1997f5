import { CurrentUser, Roles, type AuthenticatedUser } from '@fc/auth';
import { Role, type AgentSkillsAdminView, type SkillView, type TopicAdminView } from '@fc/contracts';
import type { Actor } from '@fc/domain';
import { UuidParam } from '@fc/http';
import { Body, Controller, Get, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CreateSkillDto } from './dto/create-skill.dto.js';
import { CreateTopicDto } from './dto/create-topic.dto.js';
import { SetAgentSkillsDto } from './dto/set-agent-skills.dto.js';
import { SetAgentEndpointDto } from './dto/set-agent-endpoint.dto.js';
import { UpdateTopicDto } from './dto/update-topic.dto.js';
import { RoutingCatalogService } from './routing-catalog.service.js';

const admin = (user: AuthenticatedUser): Actor => ({ userId: user.userId, role: Role.Admin });

/** Administrators edit what routing decides with; changes apply from the next routing round. */
@ApiTags('admin')
@ApiBearerAuth()
@Roles(Role.Admin)
@Controller('api/admin')
export class AdminController {
  constructor(private readonly catalog: RoutingCatalogService) {}

  @Get('topics')
  listTopics(): Promise<TopicAdminView[]> {
    return this.catalog.listTopics();
  }

  @Post('topics')
  createTopic(@Body() body: CreateTopicDto, @CurrentUser() user: AuthenticatedUser): Promise<TopicAdminView> {
    return this.catalog.createTopic(body, admin(user));
  }

  @Patch('topics/:key')
  updateTopic(@Param('key') key: string, @Body() body: UpdateTopicDto, @CurrentUser() user: AuthenticatedUser): Promise<TopicAdminView> {
    return this.catalog.updateTopic(key, body, admin(user));
  }

  @Get('skills')
  listSkills(): Promise<SkillView[]> {
    return this.catalog.listSkills();
  }

  @Post('skills')
  createSkill(@Body() body: CreateSkillDto, @CurrentUser() user: AuthenticatedUser): Promise<SkillView> {
    return this.catalog.createSkill(body, admin(user));
  }

  @Get('agents')
  listAgents(): Promise<AgentSkillsAdminView[]> {
    return this.catalog.listAgents();
  }

  @Put('agents/:id/skills')
  setAgentSkills(@UuidParam() id: string, @Body() body: SetAgentSkillsDto, @CurrentUser() user: AuthenticatedUser): Promise<AgentSkillsAdminView> {
    return this.catalog.setAgentSkills(id, body.skills, admin(user));
  }

  /** Where the telephony platform rings and bridges the agent (DESIGN §11). */
  @Put('agents/:id/endpoint')
  setAgentEndpoint(@UuidParam() id: string, @Body() body: SetAgentEndpointDto, @CurrentUser() user: AuthenticatedUser): Promise<AgentSkillsAdminView> {
    return this.catalog.setAgentEndpoint(id, body.endpoint, admin(user));
  }
}
