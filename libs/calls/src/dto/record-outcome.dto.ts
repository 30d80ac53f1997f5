import { AGENT_OUTCOMES, type AgentOutcome, type RecordOutcomeRequest } from '@fc/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class RecordOutcomeDto implements RecordOutcomeRequest {
  @ApiProperty({ enum: AGENT_OUTCOMES })
  @IsIn(AGENT_OUTCOMES, { message: `outcome must be one of ${AGENT_OUTCOMES.join(', ')}` })
  outcome!: AgentOutcome;

  @ApiProperty({ description: 'The agent explained what the police can and cannot do' })
  @IsBoolean()
  expectationAligned!: boolean;

  @ApiPropertyOptional({ type: [String], example: ['wrong_ivr_choice'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^[a-z0-9_]{1,64}$/, { each: true, message: 'each reason code must be 1-64 lowercase letters, digits or _' })
  reasonCodes?: string[];

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
