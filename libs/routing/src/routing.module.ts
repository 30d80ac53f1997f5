import { JourneyModule } from '@fc/journey';
import { Module } from '@nestjs/common';
import { CallRouter } from './call-router.js';
import { LongestIdleRouter } from './longest-idle.router.js';
import { RoutingCandidatesRepository } from './routing-candidates.repository.js';
import { RoutingTicker } from './routing-ticker.js';
import { RoutingTriggersListener } from './routing-triggers.listener.js';

@Module({
  imports: [JourneyModule],
  providers: [
    RoutingCandidatesRepository,
    LongestIdleRouter,
    { provide: CallRouter, useExisting: LongestIdleRouter },
    RoutingTriggersListener,
    RoutingTicker,
  ],
  exports: [CallRouter, RoutingTicker],
})
export class RoutingModule {}
