import { AuditModule } from '@fc/audit';
import { AuthModule } from '@fc/auth';
import { JourneyModule } from '@fc/journey';
import { Module } from '@nestjs/common';
import { CallsReadService } from './calls-read.service.js';
import { CallsController } from './calls.controller.js';
import { TelephonyController } from './telephony.controller.js';

@Module({
  imports: [AuthModule, AuditModule, JourneyModule],
  controllers: [TelephonyController, CallsController],
  providers: [CallsReadService],
  exports: [CallsReadService],
})
export class CallsModule {}
