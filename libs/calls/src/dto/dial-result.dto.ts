import { DIAL_RESULTS, type DialResult, type DialResultRequest } from '@fc/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

export class DialResultDto implements DialResultRequest {
  @ApiProperty({ enum: DIAL_RESULTS, description: "How dialling the callback's caller went" })
  @IsIn(DIAL_RESULTS, { message: `result must be one of ${DIAL_RESULTS.join(', ')}` })
  result!: DialResult;
}
