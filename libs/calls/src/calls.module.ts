import { AuditModule } from '@fc/audit';
import { AuthModule } from '@fc/auth';
import { JourneyModule } from '@fc/journey';
import { Module } from '@nestjs/common';
import { CallsReadService } from './calls-read.service.js';
import { CallsController } from './calls.controller.js';
import { CallsRepository } from './calls.repository.js';
import { PlatformEventsController } from './platform-events.controller.js';
import { PlatformEventsRepository } from './platform-events.repository.js';
import { TelephonyController } from './telephony.controller.js';

@Module({
  imports: [AuthModule, AuditModule, JourneyModule],
  controllers: [TelephonyController, PlatformEventsController, CallsController],
  providers: [CallsRepository, CallsReadService, PlatformEventsRepository],
  exports: [CallsRepository, CallsReadService],
})
export class CallsModule {}
