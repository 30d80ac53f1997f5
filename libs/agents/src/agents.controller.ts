import { CurrentUser, Roles, agentActor, type AuthenticatedUser } from '@fc/auth';
import { Role, type AgentMeView, type SoftphoneRegisteredView, type SoftphoneSettingsView } from '@fc/contracts';
import { AgentActions } from '@fc/journey';
import { UuidParam } from '@fc/http';
import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AgentsReadService } from './agents-read.service.js';
import { SoftphoneService } from './softphone.service.js';
import { SetAgentStateDto, checkAgentStateRequest } from './dto/set-agent-state.dto.js';

@ApiTags('agents')
@ApiBearerAuth()
@Controller('api/agents')
export class AgentsController {
  constructor(
    private readonly agentActions: AgentActions,
    private readonly reads: AgentsReadService,
    private readonly softphone: SoftphoneService,
  ) {}

  @Get('me')
  @Roles(Role.Agent)
  @ApiOkResponse({ description: 'State, skills, the pending offer and the active call' })
  me(@CurrentUser() user: AuthenticatedUser): Promise<AgentMeView> {
    return this.reads.me(agentActor(user).agentId);
  }

  @Get('me/softphone')
  @Roles(Role.Agent)
  @ApiOkResponse({ description: 'Where the console softphone registers: the voice edge WebSocket and the SIP address that becomes the agent endpoint (decision 0045)' })
  @ApiNoContentResponse({ description: 'No voice edge is configured for softphones: the console shows none' })
  async softphoneSettings(@CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response): Promise<SoftphoneSettingsView | undefined> {
    const settings = await this.softphone.settingsFor(agentActor(user).agentId);
    if (!settings) response.status(HttpStatus.NO_CONTENT);
    // It may carry SIP credentials: no cache keeps them.
    response.setHeader('Cache-Control', 'no-store');
    return settings ?? undefined;
  }

  /**
   * The agent's softphone registered at the voice edge: their endpoint becomes the address the
   * server computes for them, never one the client names, so nobody can send their calls elsewhere.
   */
  @Post('me/softphone/registered')
  @Roles(Role.Agent)
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ description: 'The endpoint as set (audited as agent.set_endpoint when it changed)' })
  @ApiNotFoundResponse({ description: 'No voice edge is configured for softphones' })
  softphoneRegistered(@CurrentUser() user: AuthenticatedUser): Promise<SoftphoneRegisteredView> {
    return this.softphone.registered(agentActor(user));
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
