import { Public, TelephonyApiKeyGuard } from '@fc/auth';
import type { PlatformEventPage } from '@fc/contracts';
import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { DEFAULT_PLATFORM_EVENTS_LIMIT, PlatformEventsQueryDto } from './dto/platform-events-query.dto.js';
import { PlatformEventsRepository } from './platform-events.repository.js';

/** The replay feed of platform events (DESIGN §11), for a platform that was down or prefers to pull. */
@ApiTags('telephony')
@ApiSecurity('telephony-key')
@Public()
@UseGuards(TelephonyApiKeyGuard)
@Controller('api/telephony/events')
export class PlatformEventsController {
  constructor(private readonly events: PlatformEventsRepository) {}

  @Get()
  @ApiOkResponse({ description: '`{ events, cursor }`: events in commit order; pass `cursor` as `after` to read on' })
  page(@Query() query: PlatformEventsQueryDto): Promise<PlatformEventPage> {
    return this.events.pageAfter(query.after, query.limit ?? DEFAULT_PLATFORM_EVENTS_LIMIT);
  }
}
