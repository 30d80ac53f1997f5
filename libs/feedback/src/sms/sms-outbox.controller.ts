import { CurrentUser, Roles, type AuthenticatedUser } from '@fc/auth';
import { Role, type SmsOutboxList } from '@fc/contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SmsOutboxQueryDto } from './dto/sms-outbox-query.dto.js';
import { SmsOutboxService } from './sms-outbox.service.js';

/** What the default SMS gateway would have sent, newest first, for the console. */
@ApiTags('admin')
@ApiBearerAuth()
@Roles(Role.Admin)
@Controller('api/admin/sms-outbox')
export class SmsOutboxController {
  constructor(private readonly outbox: SmsOutboxService) {}

  @Get()
  @ApiOkResponse({ description: 'Text messages, newest first; every read is audited' })
  list(@Query() query: SmsOutboxQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<SmsOutboxList> {
    return this.outbox.list(query, user);
  }
}
