import { AGENT_ENDPOINT_MAX_LENGTH, AGENT_ENDPOINT_PATTERN, type SetAgentEndpointRequest } from '@fc/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';

/** The agent's endpoint; null clears it. */
export class SetAgentEndpointDto implements SetAgentEndpointRequest {
  @ApiProperty({ nullable: true, example: 'sip:agent07@pbx.example', description: 'A sip:/sips: URI or an extension of digits; null clears it' })
  @IsDefined({ message: 'endpoint must be given (null clears it)' })
  @ValidateIf((_, value) => value !== null)
  @IsString({ message: 'endpoint must be a text' })
  @MaxLength(AGENT_ENDPOINT_MAX_LENGTH, { message: `endpoint must be at most ${AGENT_ENDPOINT_MAX_LENGTH} characters` })
  @Matches(AGENT_ENDPOINT_PATTERN, { message: 'endpoint must be a sip: or sips: URI or an extension of digits' })
  endpoint!: string | null;
}
