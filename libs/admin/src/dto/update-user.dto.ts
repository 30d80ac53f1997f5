import { Role, type UpdateUserRequest } from '@fc/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { IsGiven } from './is-given.js';

const ROLES = Object.values(Role);

/** Every field optional: a PATCH changes what it names. A user is deactivated, never deleted. */
export class UpdateUserDto implements UpdateUserRequest {
  @ApiPropertyOptional()
  @IsGiven()
  @IsString({ message: 'displayName must be a text' })
  @Matches(/\S/, { message: 'displayName must not be empty' })
  @Length(1, 120, { message: 'displayName must be 1-120 characters' })
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsGiven()
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role?: Role;

  @ApiPropertyOptional({ nullable: true, description: 'Agents only; null for no team' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString({ message: 'team must be a text' })
  @Length(1, 64, { message: 'team must be 1-64 characters' })
  team?: string | null;

  @ApiPropertyOptional({ description: 'false deactivates: the user can no longer sign in' })
  @IsGiven()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}
