import type { TransferCallRequest } from '@fc/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

/** Exactly one of `topicKey` and `agentId`. */
export class TransferCallDto implements TransferCallRequest {
  @ApiPropertyOptional({ example: 'firearms', description: 'Re-queue the call for this topic' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{0,63}$/, { message: 'topicKey must be a topic key such as passport' })
  topicKey?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Connect the call straight to this available agent' })
  @IsOptional()
  @IsUUID()
  agentId?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
