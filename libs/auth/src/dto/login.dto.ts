import type { LoginRequest } from '@fc/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'agent01' })
  @IsString()
  @Length(1, 64)
  username!: string;

  @ApiProperty({ example: 'demo1234' })
  @IsString()
  @Length(1, 256)
  password!: string;
}
