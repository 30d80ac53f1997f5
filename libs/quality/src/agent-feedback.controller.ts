import { CurrentUser, Roles, agentActor, type AuthenticatedUser } from '@fc/auth';
import { Role, type AgentFeedbackView } from '@fc/contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PageQueryDto } from '@fc/http';
import { LearningsService } from './learnings.service.js';

/** An agent reads the quality leads' feedback on their own calls. Beside `AgentsController`'s `me` routes, with its own path. */
@ApiTags('agents')
@ApiBearerAuth()
@Controller('api/agents/me/feedback')
export class AgentFeedbackController {
  constructor(private readonly learnings: LearningsService) {}

  @Get()
  @Roles(Role.Agent)
  @ApiOkResponse({ description: 'Done reviews of my calls that have feedback for me, newest first' })
  list(@Query() page: PageQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<AgentFeedbackView[]> {
    return this.learnings.feedbackFor(agentActor(user), page);
  }
}
