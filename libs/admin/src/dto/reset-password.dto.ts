import { PASSWORD_LENGTH, type ResetPasswordRequest } from '@fc/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class ResetPasswordDto implements ResetPasswordRequest {
  @ApiProperty({ minLength: PASSWORD_LENGTH.min, maxLength: PASSWORD_LENGTH.max })
  @IsString({ message: 'password must be a text' })
  @Length(PASSWORD_LENGTH.min, PASSWORD_LENGTH.max, { message: `password must be ${PASSWORD_LENGTH.min}-${PASSWORD_LENGTH.max} characters` })
  password!: string;
}
