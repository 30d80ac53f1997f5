import type { CreateRootCauseRequest } from '@fc/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

export class CreateRootCauseDto implements CreateRootCauseRequest {
  @ApiProperty({ example: 'missing_interpreter', description: 'Stable key stored in reviews; never changes' })
  @Matches(/^[a-z][a-z0-9_]{1,63}$/, { message: 'key must be 2-64 lowercase letters, digits or _, starting with a letter' })
  key!: string;

  @ApiProperty({ example: 'Mangler tolk' })
  @IsString({ message: 'nameNb must be text' })
  @Length(1, 120, { message: 'nameNb must be 1-120 characters' })
  @Matches(/\S/, { message: 'nameNb must not be blank' })
  nameNb!: string;

  @ApiProperty({ example: 'Interpreter missing' })
  @IsString({ message: 'nameEn must be text' })
  @Length(1, 120, { message: 'nameEn must be 1-120 characters' })
  @Matches(/\S/, { message: 'nameEn must not be blank' })
  nameEn!: string;

  @ApiPropertyOptional({ description: 'Lower first; by default after every existing cause' })
  @IsOptional()
  @IsInt({ message: 'sortOrder must be a whole number' })
  @Min(0, { message: 'sortOrder must be at least 0' })
  @Max(100_000, { message: 'sortOrder must be at most 100000' })
  sortOrder?: number;
}
