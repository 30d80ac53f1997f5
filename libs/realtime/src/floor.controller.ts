import { Roles } from '@fc/auth';
import { AgentState, Role, type FloorAgentView, type FloorSnapshot, type QueuesView } from '@fc/contracts';
import { FloorModel } from '@fc/domain';
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FloorViewsRepository } from './floor-views.repository.js';

/**
 * The floor as the database has it now, for supervisors. Read afresh from the database on every
 * request (the sockets' snapshot comes from the process's live floor), so each can check the other.
 */
@ApiTags('floor')
@ApiBearerAuth()
@Controller('api')
@Roles(Role.Supervisor, Role.Admin)
export class FloorController {
  constructor(private readonly views: FloorViewsRepository) {}

  @Get('queues')
  @ApiOkResponse({ description: 'Per topic: waiting, longest waiting since, offered, connected, in wrap-up' })
  async queues(): Promise<QueuesView> {
    const { at, queues } = await this.floor();
    return { at, queues };
  }

  @Get('floor')
  @ApiOkResponse({ description: 'What a supervisor socket gets as its snapshot: queues, calls not yet finished, agents' })
  async floor(): Promise<FloorSnapshot> {
    return FloorModel.of(await this.views.floor()).snapshot(new Date());
  }

  @Get('agents/available')
  @Roles(Role.Agent, Role.Supervisor, Role.Admin)
  @ApiOkResponse({ description: 'Agents available now, for a direct transfer: who they are and their skills' })
  async availableAgents(): Promise<FloorAgentView[]> {
    return (await this.views.floor()).agents.filter((agent) => agent.state === AgentState.Available);
  }

  @Get('agents')
  @ApiOkResponse({ description: 'Every agent with state, time in state and skills' })
  async agents(): Promise<FloorAgentView[]> {
    return (await this.views.floor()).agents;
  }
}
