import type { EscalationStep } from '@fc/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';

export class EscalationStepDto implements EscalationStep {
  @ApiProperty({ minimum: 0, maximum: 3600, description: 'Seconds of waiting after which the step applies' })
  @IsInt()
  @Min(0)
  @Max(3600)
  afterSec!: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 5 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  minProficiency?: number;

  @ApiPropertyOptional({ description: 'Agents with the general skill qualify too' })
  @IsOptional()
  @IsBoolean()
  includeGeneralists?: boolean;

  @ApiPropertyOptional({ description: 'Offer the caller a callback from this step on' })
  @IsOptional()
  @IsBoolean()
  offerCallback?: boolean;
}
