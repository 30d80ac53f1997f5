import { JourneyModule } from '@fc/journey';
import { Module } from '@nestjs/common';
import { CallRouter } from './call-router.js';
import { SkillBasedRouter } from './skill-based.router.js';
import { RoutingCandidatesRepository } from './routing-candidates.repository.js';
import { RoutingLease } from './routing-lease.js';
import { RoutingTicker } from './routing-ticker.js';

@Module({
  imports: [JourneyModule],
  providers: [RoutingCandidatesRepository, SkillBasedRouter, { provide: CallRouter, useExisting: SkillBasedRouter }, RoutingLease, RoutingTicker],
  exports: [CallRouter, RoutingTicker, RoutingLease],
})
export class RoutingModule {}
