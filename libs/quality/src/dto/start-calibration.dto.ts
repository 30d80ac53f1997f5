import type { StartCalibrationRequest } from '@fc/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsUUID, Matches } from 'class-validator';

export class StartCalibrationDto implements StartCalibrationRequest {
  @ApiProperty({ description: 'The review to score' })
  @IsUUID('4', { message: 'reviewId must be a review id' })
  reviewId!: string;

  @ApiProperty({ type: [String], description: 'Other active quality leads who score it blind; the one who starts it takes part too' })
  @IsArray({ message: 'participantUserIds must be a list of user ids' })
  @ArrayMinSize(1, { message: 'participantUserIds must name at least one other quality lead' })
  @ArrayMaxSize(20, { message: 'participantUserIds may name at most 20 quality leads' })
  @ArrayUnique({ message: 'participantUserIds must not name anyone twice' })
  @IsUUID('4', { each: true, message: 'each of participantUserIds must be a user id' })
  participantUserIds!: string[];

  @ApiProperty({ example: 'call_quality_02800', description: 'An active form; its current version is pinned for every participant' })
  @Matches(/^[a-z][a-z0-9_]{1,63}$/, { message: 'formKey must be a form key such as call_quality_02800' })
  formKey!: string;
}
