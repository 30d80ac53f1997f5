import { AuditModule } from '@fc/audit';
import { Module } from '@nestjs/common';
import { CallerIdentityService } from './caller-identity.js';
import { DomainEventBus } from './domain-events.js';
import { JourneyService } from './journey.service.js';

/** The caller journey and agent states. Needs `EventEmitterModule.forRoot()` in the app. */
@Module({
  imports: [AuditModule],
  providers: [JourneyService, CallerIdentityService, DomainEventBus],
  exports: [JourneyService, CallerIdentityService, DomainEventBus],
})
export class JourneyModule {}
