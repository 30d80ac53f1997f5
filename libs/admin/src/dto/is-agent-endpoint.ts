import { AGENT_ENDPOINT_MAX_LENGTH, AGENT_ENDPOINT_PATTERN } from '@fc/contracts';
import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, MaxLength, ValidateIf } from 'class-validator';

/**
 * An agent's endpoint where one is given: a sip:/sips: URI or an extension of digits, at most 255
 * characters; null passes (no endpoint). Whether the field must be present is the DTO's to say.
 */
export const IsAgentEndpoint = () =>
  applyDecorators(
    ValidateIf((_: object, value: unknown) => value !== null),
    IsString({ message: 'endpoint must be a text' }),
    MaxLength(AGENT_ENDPOINT_MAX_LENGTH, { message: `endpoint must be at most ${AGENT_ENDPOINT_MAX_LENGTH} characters` }),
    Matches(AGENT_ENDPOINT_PATTERN, { message: 'endpoint must be a sip: or sips: URI or an extension of digits' }),
  );
