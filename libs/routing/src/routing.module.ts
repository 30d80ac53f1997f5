import { JourneyModule } from '@fc/journey';
import { Module } from '@nestjs/common';
import { CallRouter } from './call-router.js';
import { SkillBasedRouter } from './skill-based.router.js';
import { RoutingCandidatesRepository } from './routing-candidates.repository.js';
import { RoutingTicker } from './routing-ticker.js';
import { RoutingTriggersListener } from './routing-triggers.listener.js';

@Module({
  imports: [JourneyModule],
  providers: [RoutingCandidatesRepository, SkillBasedRouter, { provide: CallRouter, useExisting: SkillBasedRouter }, RoutingTriggersListener, RoutingTicker],
  exports: [CallRouter, RoutingTicker],
})
export class RoutingModule {}
