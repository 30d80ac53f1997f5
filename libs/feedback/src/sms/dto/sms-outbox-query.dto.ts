import { PageQueryDto } from '@fc/http';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

export class SmsOutboxQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only messages about this call' })
  @IsOptional()
  @IsUUID('4', { message: 'callId must be a UUID' })
  callId?: string;
}
