import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { TopicFieldsDto } from './update-topic.dto.js';

export class CreateTopicDto extends TopicFieldsDto {
  @ApiProperty({ example: 'weapons_amnesty' })
  @Matches(/^[a-z][a-z0-9_]{0,63}$/, { message: 'key must be 1-64 lowercase letters, digits or _' })
  key!: string;
}
