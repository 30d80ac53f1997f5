import { JourneyModule } from '@fc/journey';
import { FloorFeedModule } from '@fc/realtime/feed';
import { Module } from '@nestjs/common';
import { CallRouter } from './call-router.js';
import { SkillBasedRouter } from './skill-based.router.js';
import { RoutingCandidatesRepository } from './routing-candidates.repository.js';
import { RoutingConnection } from './routing-connection.js';
import { RoutingLease } from './routing-lease.js';
import { RoutingTicker } from './routing-ticker.js';

@Module({
  imports: [JourneyModule, FloorFeedModule],
  providers: [RoutingCandidatesRepository, RoutingConnection, SkillBasedRouter, { provide: CallRouter, useExisting: SkillBasedRouter }, RoutingLease, RoutingTicker],
  exports: [CallRouter, RoutingTicker],
})
export class RoutingModule {}
