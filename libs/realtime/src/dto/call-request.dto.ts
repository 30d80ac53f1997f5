import { IsUUID } from 'class-validator';

/** `/agent` `accept` and `decline`. */
export class CallRequestDto {
  @IsUUID('all', { message: 'callId must be a UUID' })
  callId!: string;
}
