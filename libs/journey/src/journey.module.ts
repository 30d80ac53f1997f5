import { AuditModule } from '@fc/audit';
import { Module } from '@nestjs/common';
import { AgentActions } from './agent-actions.js';
import { AgentEndpoints } from './agent-endpoints.js';
import { CallbackActions } from './callback-actions.js';
import { CallerActions } from './caller-actions.js';
import { CallerIdentityService } from './caller-identity.service.js';
import { DomainEventBus } from './domain-events.js';
import { JourneyWriter } from './journey-writer.js';
import { QueuePlacesRepository } from './queue-places.repository.js';
import { RoutingActions } from './routing-actions.js';

/** The caller journey and agent states. Needs `EventEmitterModule.forRoot()` in the app. */
@Module({
  imports: [AuditModule],
  providers: [JourneyWriter, CallerActions, RoutingActions, AgentActions, AgentEndpoints, CallbackActions, CallerIdentityService, DomainEventBus, QueuePlacesRepository],
  exports: [JourneyWriter, CallerActions, RoutingActions, AgentActions, AgentEndpoints, CallbackActions, CallerIdentityService, DomainEventBus, QueuePlacesRepository],
})
export class JourneyModule {}
