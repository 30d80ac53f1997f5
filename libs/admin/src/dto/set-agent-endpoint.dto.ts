import type { SetAgentEndpointRequest } from '@fc/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsDefined } from 'class-validator';
import { IsAgentEndpoint } from './is-agent-endpoint.js';

/** The agent's endpoint; null clears it. */
export class SetAgentEndpointDto implements SetAgentEndpointRequest {
  @ApiProperty({ nullable: true, example: 'sip:agent07@pbx.example', description: 'A sip:/sips: URI or an extension of digits; null clears it' })
  @IsDefined({ message: 'endpoint must be given (null clears it)' })
  @IsAgentEndpoint()
  endpoint!: string | null;
}
