import { AgentState, SELECTABLE_AGENT_STATES, SELECTABLE_BREAK_REASONS, type BreakReason, type SelectableAgentState, type SetAgentStateRequest } from '@fc/contracts';
import { BadRequestException } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class SetAgentStateDto implements SetAgentStateRequest {
  @ApiProperty({ enum: SELECTABLE_AGENT_STATES })
  @IsIn(SELECTABLE_AGENT_STATES, { message: `state must be one of ${SELECTABLE_AGENT_STATES.join(', ')}` })
  state!: SelectableAgentState;

  @ApiPropertyOptional({ enum: SELECTABLE_BREAK_REASONS, description: 'Only with state break' })
  @IsOptional()
  @IsIn(SELECTABLE_BREAK_REASONS, { message: `reason must be one of ${SELECTABLE_BREAK_REASONS.join(', ')}` })
  reason?: BreakReason;
}

/** What the DTO's decorators cannot say: a reason goes only with a break. */
export function checkAgentStateRequest(request: SetAgentStateRequest): void {
  if (request.reason !== undefined && request.state !== AgentState.Break) throw new BadRequestException('reason is only for state break');
}
