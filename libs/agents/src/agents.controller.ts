import { CurrentUser, Roles, agentActor, type AuthenticatedUser } from '@fc/auth';
import { Role, type AgentMeView } from '@fc/contracts';
import { AgentActions } from '@fc/journey';
import { UuidParam } from '@fc/http';
import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AgentsReadService } from './agents-read.service.js';
import { SetAgentStateDto, checkAgentStateRequest } from './dto/set-agent-state.dto.js';

@ApiTags('agents')
@ApiBearerAuth()
@Controller('api/agents')
export class AgentsController {
  constructor(
    private readonly agentActions: AgentActions,
    private readonly reads: AgentsReadService,
  ) {}

  @Get('me')
  @Roles(Role.Agent)
  @ApiOkResponse({ description: 'State, skills, the pending offer and the active call' })
  me(@CurrentUser() user: AuthenticatedUser): Promise<AgentMeView> {
    return this.reads.me(agentActor(user).agentId);
  }

  @Put('me/state')
  @Roles(Role.Agent)
  @ApiOkResponse({ description: 'The agent as they are now. A reserved agent asked for available stays reserved with their offer (DESIGN §4)' })
  @ApiConflictResponse({ description: 'On a call or in wrap-up: finish the call first' })
  async setState(@Body() body: SetAgentStateDto, @CurrentUser() user: AuthenticatedUser): Promise<AgentMeView> {
    checkAgentStateRequest(body);
    const actor = agentActor(user);
    await this.agentActions.setAgentState(actor, body.state, body.reason);
    return this.reads.me(actor.agentId);
  }

  /**
   * A supervisor sets an agent's state: back to available after a missed offer, or off the phones
   * for someone who left without logging off. The same rules as the agent's own change (409 during
   * a call); a pending offer is revoked and its call re-queued when the agent is taken off the
   * phones, and kept when available is asked for. Audited as the supervisor's.
   */
  @Put(':id/state')
  @Roles(Role.Supervisor, Role.Admin)
  @ApiOkResponse({ description: 'The agent as they are now. A reserved agent asked for available stays reserved with their offer (DESIGN §4)' })
  @ApiConflictResponse({ description: 'On a call or in wrap-up: the call must end first' })
  async setStateOf(@UuidParam() id: string, @Body() body: SetAgentStateDto, @CurrentUser() user: AuthenticatedUser): Promise<AgentMeView> {
    checkAgentStateRequest(body);
    await this.agentActions.setAgentState({ userId: user.userId, role: user.role, agentId: id }, body.state, body.reason);
    return this.reads.me(id);
  }
}
