import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, Matches, Max, Min, ValidateNested } from 'class-validator';

export class AgentSkillDto {
  @ApiProperty({ example: 'passport' })
  @Matches(/^([a-z][a-z0-9_]{0,63}|lang:[a-z]{2,3})$/, { message: 'skillKey must be a skill key' })
  skillKey!: string;

  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  proficiency!: number;
}

/** The agent's whole set of skills; what is not listed is removed. */
export class SetAgentSkillsDto {
  @ApiProperty({ type: [AgentSkillDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => AgentSkillDto)
  skills!: AgentSkillDto[];
}
