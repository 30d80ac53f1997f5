import { IMPROVEMENT_ACTION_STATUSES, type ImprovementActionStatus } from '@fc/contracts';
import { PageQueryDto } from '@fc/http';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';

export class ImprovementActionQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: IMPROVEMENT_ACTION_STATUSES })
  @IsOptional()
  @IsIn(IMPROVEMENT_ACTION_STATUSES, { message: `status must be one of ${IMPROVEMENT_ACTION_STATUSES.join(', ')}` })
  status?: ImprovementActionStatus;

  @ApiPropertyOptional({ example: 'passport', description: 'Only actions naming this topic' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{0,63}$/, { message: 'topicKey must be a topic key such as passport' })
  topicKey?: string;

  @ApiPropertyOptional({ description: 'Only actions owned by this user' })
  @IsOptional()
  @IsUUID('4', { message: 'ownerUserId must be a user id' })
  ownerUserId?: string;
}
