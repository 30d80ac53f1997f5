import { AgentsModule } from '@fc/agents';
import { AuthModule } from '@fc/auth';
import { CallsModule } from '@fc/calls';
import { JourneyModule } from '@fc/journey';
import { MetricsModule } from '@fc/metrics';
import { Module } from '@nestjs/common';
import { AgentGateway } from './agent.gateway.js';
import { ConsolePresence } from './console-presence.js';
import { FloorFeedModule } from './floor-change-feed.js';
import { FloorMonitor } from './floor-monitor.js';
import { FloorPublisher } from './floor-publisher.js';
import { FloorViewsRepository } from './floor-views.repository.js';
import { OfferConnection } from './offer-connection.js';
import { FloorController } from './floor.controller.js';
import { LiveFloor } from './live-floor.js';
import { SupervisorGateway } from './supervisor.gateway.js';

/** The live floor (DESIGN §5): the database's change feed, the socket namespaces, the REST snapshot, and whether agents' consoles are there. */
@Module({
  imports: [AuthModule, JourneyModule, CallsModule, AgentsModule, MetricsModule, FloorFeedModule],
  controllers: [FloorController],
  providers: [FloorViewsRepository, OfferConnection, LiveFloor, FloorPublisher, SupervisorGateway, AgentGateway, FloorMonitor, ConsolePresence],
})
export class RealtimeModule {}
