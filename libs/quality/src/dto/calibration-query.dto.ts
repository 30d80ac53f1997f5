import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

export class CalibrationQueryDto {
  @ApiPropertyOptional({ description: 'Only calibrations of this review' })
  @IsOptional()
  @IsUUID('4', { message: 'reviewId must be a review id' })
  reviewId?: string;
}
