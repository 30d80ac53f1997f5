import { FOLLOW_UP_KINDS, FOLLOW_UP_STATUSES, type FollowUpKind, type FollowUpStatus } from '@fc/contracts';
import { PageQueryDto, queryBoolean } from '@fc/http';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsUUID, Matches } from 'class-validator';

export class FollowUpQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: FOLLOW_UP_STATUSES, description: 'Only follow-ups with this status' })
  @IsOptional()
  @IsIn(FOLLOW_UP_STATUSES, { message: `status must be one of ${FOLLOW_UP_STATUSES.join(', ')}` })
  status?: FollowUpStatus;

  @ApiPropertyOptional({ enum: FOLLOW_UP_KINDS })
  @IsOptional()
  @IsIn(FOLLOW_UP_KINDS, { message: `kind must be one of ${FOLLOW_UP_KINDS.join(', ')}` })
  kind?: FollowUpKind;

  @ApiPropertyOptional({ description: 'Only open follow-ups past their due time' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ description: "Only the signed-in user's own follow-ups" })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean({ message: 'mine must be true or false' })
  mine?: boolean;

  @ApiPropertyOptional({ example: 'passport' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{0,63}$/, { message: 'topicKey must be a topic key such as passport' })
  topicKey?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('4', { message: 'callId must be a UUID' })
  callId?: string;
}
