import { CurrentUser, Roles, agentActor, type AuthenticatedUser } from '@fc/auth';
import { Role, type AgentEvaluationView } from '@fc/contracts';
import { PageQueryDto } from '@fc/http';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { EvaluationsService } from './evaluations.service.js';

/** An agent reads the evaluations of their own calls. Beside `AgentFeedbackController`, with its own path. */
@ApiTags('agents')
@ApiBearerAuth()
@Controller('api/agents/me/evaluations')
export class AgentEvaluationsController {
  constructor(private readonly evaluations: EvaluationsService) {}

  @Get()
  @Roles(Role.Agent)
  @ApiOkResponse({ description: 'Submitted evaluations of my calls (never a calibration’s), newest first, with the form version’s criteria' })
  list(@Query() page: PageQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<AgentEvaluationView[]> {
    return this.evaluations.forAgent(agentActor(user), page);
  }
}
