import { CurrentUser, Roles, type AuthenticatedUser } from '@fc/auth';
import { Role, type AgentTodayView } from '@fc/contracts';
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { MetricsService } from './metrics.service.js';

/** An agent's own day: the figures of the calls they finished today, as DESIGN §7 defines them. */
@ApiTags('agents')
@ApiBearerAuth()
@Roles(Role.Agent)
@Controller('api/agents/me/today')
export class AgentTodayController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  today(@CurrentUser() user: AuthenticatedUser): Promise<AgentTodayView> {
    return this.metrics.agentToday(user.agentId!);
  }
}
