import { CurrentUser, Roles, agentActor, type AuthenticatedUser } from '@fc/auth';
import { Role, type CallView } from '@fc/contracts';
import { AgentActions } from '@fc/journey';
import { UuidParam } from '@fc/http';
import { BadRequestException, Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CallsReadService } from './calls-read.service.js';
import { RecordOutcomeDto } from './dto/record-outcome.dto.js';
import { TransferCallDto } from './dto/transfer-call.dto.js';

/** An agent works the call offered to or connected with them. */
@ApiTags('calls')
@ApiBearerAuth()
@Controller('api/calls')
export class CallsController {
  constructor(
    private readonly agentActions: AgentActions,
    private readonly reads: CallsReadService,
  ) {}

  @Get(':id')
  @Roles(Role.Agent, Role.Supervisor, Role.Quality, Role.Admin)
  @ApiOkResponse({ description: 'The call with its journey events, in order' })
  @ApiNotFoundResponse({ description: 'No such call, or an agent asking for a call they were not part of' })
  get(@UuidParam() id: string, @CurrentUser() user: AuthenticatedUser): Promise<CallView> {
    return this.reads.getCall(id, user);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @Roles(Role.Agent)
  @ApiConflictResponse({ description: 'The call is not offered to this agent now' })
  async accept(@UuidParam() id: string, @CurrentUser() user: AuthenticatedUser): Promise<CallView> {
    return this.reads.view(await this.agentActions.accept(id, agentActor(user)));
  }

  @Post(':id/decline')
  @HttpCode(200)
  @Roles(Role.Agent)
  async decline(@UuidParam() id: string, @CurrentUser() user: AuthenticatedUser): Promise<CallView> {
    return this.reads.view(await this.agentActions.decline(id, agentActor(user)));
  }

  @Post(':id/end')
  @HttpCode(200)
  @Roles(Role.Agent)
  async end(@UuidParam() id: string, @CurrentUser() user: AuthenticatedUser): Promise<CallView> {
    return this.reads.view(await this.agentActions.endTalk(id, agentActor(user)));
  }

  @Post(':id/transfer')
  @HttpCode(200)
  @Roles(Role.Agent)
  async transfer(@UuidParam() id: string, @Body() body: TransferCallDto, @CurrentUser() user: AuthenticatedUser): Promise<CallView> {
    if ((body.topicKey === undefined) === (body.agentId === undefined)) throw new BadRequestException('Give exactly one of topicKey and agentId');
    const target = body.topicKey !== undefined ? { topicKey: body.topicKey, reason: body.reason } : { agentId: body.agentId!, reason: body.reason };
    return this.reads.view(await this.agentActions.transfer(id, agentActor(user), target));
  }

  @Post(':id/outcome')
  @HttpCode(200)
  @Roles(Role.Agent)
  async recordOutcome(@UuidParam() id: string, @Body() body: RecordOutcomeDto, @CurrentUser() user: AuthenticatedUser): Promise<CallView> {
    return this.reads.view(await this.agentActions.recordOutcome(id, agentActor(user), body));
  }
}
