import type { CreateCallRequest } from '@fc/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class CreateCallDto implements CreateCallRequest {
  @ApiProperty({ example: 'pbx-2026-11-23-000123', description: "The platform's own id of the call; replays return the same call. Must not end in `:callback`" })
  @IsString()
  @Matches(/^[\x21-\x7e]{1,100}$/, { message: 'externalId must be 1-100 visible ASCII characters' })
  // Callbacks First Contact makes are `<externalId>:callback`: an inbound id must never take that name.
  @Matches(/^(?![\s\S]*:callback$)/, { message: 'externalId must not end in ":callback", which is kept for the callbacks First Contact makes' })
  externalId!: string;

  @ApiPropertyOptional({ example: '+4791234567', description: 'Absent when the caller withheld the number' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  callerNumber?: string;

  @ApiProperty({ example: 'passport' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{0,63}$/, { message: 'topicKey must be a topic key such as passport' })
  topicKey!: string;

  @ApiProperty({ example: 'nb', description: 'ISO 639 code of the language chosen in the IVR' })
  @IsString()
  @Matches(/^[a-z]{2,3}$/, { message: 'language must be a two- or three-letter language code such as nb' })
  language!: string;
}
