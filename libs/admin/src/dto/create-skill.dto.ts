import { SkillKind } from '@fc/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';

const KINDS = Object.values(SkillKind);

export class CreateSkillDto {
  @ApiProperty({ example: 'lang:uk', description: 'Topic skills are named like their topic; languages are lang:<code>' })
  @Matches(/^([a-z][a-z0-9_]{0,63}|lang:[a-z]{2,3})$/, { message: 'key must be a topic-like key or lang:<code>' })
  key!: string;

  @ApiProperty({ enum: KINDS })
  @IsIn(KINDS, { message: `kind must be one of ${KINDS.join(', ')}` })
  kind!: SkillKind;

  @ApiProperty() @IsString() @Length(1, 120) nameNb!: string;
  @ApiProperty() @IsString() @Length(1, 120) nameEn!: string;
}
