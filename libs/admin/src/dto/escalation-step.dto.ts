import type { EscalationStep } from '@fc/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { IsGiven } from './is-given.js';

export class EscalationStepDto implements EscalationStep {
  @ApiProperty({ minimum: 0, maximum: 3600, description: 'Seconds of waiting after which the step applies' })
  @IsInt()
  @Min(0)
  @Max(3600)
  afterSec!: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 5 })
  @IsGiven()
  @IsInt()
  @Min(1)
  @Max(5)
  minProficiency?: number;

  @ApiPropertyOptional({ description: 'Agents with the general skill qualify too' })
  @IsGiven()
  @IsBoolean()
  includeGeneralists?: boolean;

  @ApiPropertyOptional({ description: 'Offer the caller a callback from this step on' })
  @IsGiven()
  @IsBoolean()
  offerCallback?: boolean;
}
