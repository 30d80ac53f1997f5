import { FOLLOW_UP_STATUSES, type FollowUpStatus } from '@fc/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';

export class UpdateFollowUpDto {
  @ApiPropertyOptional({ enum: FOLLOW_UP_STATUSES, description: 'done and cancelled are final; both need a result (what was done, or why it was cancelled)' })
  @IsOptional()
  @IsIn(FOLLOW_UP_STATUSES, { message: `status must be one of ${FOLLOW_UP_STATUSES.join(', ')}` })
  status?: FollowUpStatus;

  @ApiPropertyOptional({ nullable: true, description: 'Assign to a user (supervisors and quality leads); null to unassign' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsUUID('4', { message: 'ownerUserId must be a user id or null' })
  ownerUserId?: string | null;

  @ApiPropertyOptional({ maxLength: 2000, description: 'What was done, e.g. "Called back, passport booked"; for a cancelled follow-up, why' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  result?: string;
}
