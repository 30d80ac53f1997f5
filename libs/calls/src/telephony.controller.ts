import { Public, TelephonyApiKeyGuard } from '@fc/auth';
import { CallState, type CallStateResponse, type CallStatusResponse } from '@fc/contracts';
import { AgentActions, CallNotFoundError, CallbackActions, CallerActions, QueuePlacesRepository } from '@fc/journey';
import { CallEntity } from '@fc/persistence';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { UuidParam } from '@fc/http';
import { Body, Controller, Get, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CreateCallDto } from './dto/create-call.dto.js';
import { DialResultDto } from './dto/dial-result.dto.js';
import { RingResultDto } from './dto/ring-result.dto.js';

/** The telephony platform reports calls arriving, hanging up, choosing a callback, how ringing an agent's phone went and how a callback's dialling went. */
@ApiTags('telephony')
@ApiSecurity('telephony-key')
@Public()
@UseGuards(TelephonyApiKeyGuard)
@Controller('api/telephony/calls')
export class TelephonyController {
  constructor(
    private readonly callerActions: CallerActions,
    private readonly callbacks: CallbackActions,
    private readonly agentActions: AgentActions,
    @InjectRepository(CallEntity) private readonly calls: Repository<CallEntity>,
    private readonly places: QueuePlacesRepository,
  ) {}

  /** The platform asks where a call stands, whether escalation wants the caller offered a callback, and while it waits its place and expected wait. */
  @Get(':id')
  @ApiOkResponse({ description: '`{ callId, state, callbackOffered, position, estimatedWaitSec }`' })
  async status(@UuidParam() id: string): Promise<CallStatusResponse> {
    const call = await this.calls.findOneBy({ id });
    if (!call) throw new CallNotFoundError();
    const place = call.state === CallState.Queued ? await this.places.placeOf(this.calls.manager, call.id) : null;
    return { callId: call.id, state: call.state, callbackOffered: call.callbackOfferedAt !== null, position: place?.position ?? null, estimatedWaitSec: place?.estimatedWaitSec ?? null };
  }

  @Post()
  @ApiCreatedResponse({ description: 'The call arrived and joined its queue: `{ callId, state }`' })
  @ApiOkResponse({ description: 'Replay of a known externalId: the same call' })
  async receive(@Body() body: CreateCallDto, @Res({ passthrough: true }) response: Response): Promise<CallStateResponse> {
    const { call, created } = await this.callerActions.receiveCall(body);
    response.status(created ? 201 : 200);
    return { callId: call.id, state: call.state };
  }

  @Post(':id/hangup')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Abandoned if waiting; talk ended (wrap-up) if connected' })
  @ApiConflictResponse({ description: 'The call has already ended' })
  async hangUp(@UuidParam() id: string): Promise<CallStateResponse> {
    const call = await this.callerActions.hangUp(id);
    return { callId: call.id, state: call.state };
  }

  @Post(':id/callback')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The call ends as callback_requested; `callbackCallId` waits in its place' })
  @ApiConflictResponse({ description: 'Not waiting in a queue, or the number was withheld' })
  async requestCallback(@UuidParam() id: string): Promise<CallStateResponse & { callbackCallId: string }> {
    const { call, callback } = await this.callerActions.requestCallback(id);
    return { callId: call.id, state: call.state, callbackCallId: callback.id };
  }

  /** How dialling a callback's caller went (after `call.dial`): answered connects them to the agent; anything else is tried again later or handed to a supervisor. */
  @Post(':id/dial-result')
  @HttpCode(200)
  @ApiOkResponse({ description: 'connected when answered; scheduled for the next try, or unreachable after the last' })
  @ApiNotFoundResponse({ description: 'No such call' })
  @ApiConflictResponse({ description: 'The call is not being dialled: a second report, or one out of turn' })
  async dialResult(@UuidParam() id: string, @Body() body: DialResultDto): Promise<CallStateResponse> {
    const call = await this.callbacks.dialResult(id, body.result);
    return { callId: call.id, state: call.state };
  }

  /** How ringing the offered agent's phone went (after `call.ringing`): answered accepts, busy declines, no answer or unreachable ends the offer now (RONA). */
  @Post(':id/ring-result')
  @HttpCode(200)
  @ApiOkResponse({ description: 'connected when answered; back in the queue otherwise' })
  @ApiNotFoundResponse({ description: 'No such call, or never offered to that agent' })
  @ApiConflictResponse({ description: 'The call is no longer offered to (or, for answered, connected with) that agent' })
  async ringResult(@UuidParam() id: string, @Body() body: RingResultDto): Promise<CallStateResponse> {
    const call = await this.agentActions.ringResult(id, body.agentId, body.result);
    return { callId: call.id, state: call.state };
  }
}
