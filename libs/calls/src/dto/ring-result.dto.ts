import { RING_RESULTS, type RingResult, type RingResultRequest } from '@fc/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';

export class RingResultDto implements RingResultRequest {
  @ApiProperty({ format: 'uuid', description: "The agent whose phone rang (call.ringing's agentId)" })
  @IsUUID('all', { message: 'agentId must be a UUID' })
  agentId!: string;

  @ApiProperty({ enum: RING_RESULTS, description: "How ringing the agent's phone went" })
  @IsIn(RING_RESULTS, { message: `result must be one of ${RING_RESULTS.join(', ')}` })
  result!: RingResult;
}
