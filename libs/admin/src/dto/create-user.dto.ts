import { PASSWORD_LENGTH, Role, USERNAME_PATTERN, type CreateUserRequest } from '@fc/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { IsAgentEndpoint } from './is-agent-endpoint.js';

const ROLES = Object.values(Role);

export class CreateUserDto implements CreateUserRequest {
  @ApiProperty({ example: 'agent41', description: '2–64 lowercase letters, digits, ., _ or -' })
  @Matches(USERNAME_PATTERN, { message: 'username must be 2-64 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit' })
  username!: string;

  @ApiProperty({ example: 'Kari Nordmann' })
  @IsString({ message: 'displayName must be a text' })
  @Matches(/\S/, { message: 'displayName must not be empty' })
  @Length(1, 120, { message: 'displayName must be 1-120 characters' })
  displayName!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role!: Role;

  @ApiProperty({ minLength: PASSWORD_LENGTH.min, maxLength: PASSWORD_LENGTH.max, description: 'The initial password' })
  @IsString({ message: 'password must be a text' })
  @Length(PASSWORD_LENGTH.min, PASSWORD_LENGTH.max, { message: `password must be ${PASSWORD_LENGTH.min}-${PASSWORD_LENGTH.max} characters` })
  password!: string;

  @ApiPropertyOptional({ example: 'Lag 1', nullable: true, description: 'Agents only' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString({ message: 'team must be a text' })
  @Length(1, 64, { message: 'team must be 1-64 characters' })
  team?: string | null;

  @ApiPropertyOptional({ example: 'sip:agent41@pbx.example', nullable: true, description: 'Agents only: where the telephony platform rings them, a sip:/sips: URI or an extension of digits' })
  @IsOptional()
  @IsAgentEndpoint()
  endpoint?: string | null;
}
