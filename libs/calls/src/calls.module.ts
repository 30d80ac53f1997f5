import { AuditModule } from '@fc/audit';
import { AuthModule } from '@fc/auth';
import { JourneyModule } from '@fc/journey';
import { Module } from '@nestjs/common';
import { CallsReadService } from './calls-read.service.js';
import { CallsController } from './calls.controller.js';
import { CallsRepository } from './calls.repository.js';
import { TelephonyController } from './telephony.controller.js';

@Module({
  imports: [AuthModule, AuditModule, JourneyModule],
  controllers: [TelephonyController, CallsController],
  providers: [CallsRepository, CallsReadService],
  exports: [CallsRepository, CallsReadService],
})
export class CallsModule {}
