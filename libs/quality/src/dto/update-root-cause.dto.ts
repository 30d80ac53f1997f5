import type { UpdateRootCauseRequest } from '@fc/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

/** Every field optional; a root cause is retired with `active: false`, never deleted. */
export class UpdateRootCauseDto implements UpdateRootCauseRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'nameNb must be text' })
  @Length(1, 120, { message: 'nameNb must be 1-120 characters' })
  @Matches(/\S/, { message: 'nameNb must not be blank' })
  nameNb?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'nameEn must be text' })
  @Length(1, 120, { message: 'nameEn must be 1-120 characters' })
  @Matches(/\S/, { message: 'nameEn must not be blank' })
  nameEn?: string;

  @ApiPropertyOptional({ description: 'Inactive causes stay on the reviews that have them but cannot be recorded again' })
  @IsOptional()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt({ message: 'sortOrder must be a whole number' })
  @Min(0, { message: 'sortOrder must be at least 0' })
  @Max(100_000, { message: 'sortOrder must be at most 100000' })
  sortOrder?: number;
}
