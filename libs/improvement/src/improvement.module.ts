import { AuditModule } from '@fc/audit';
import { MetricsModule } from '@fc/metrics';
import { Module } from '@nestjs/common';
import { ImprovementActionsController } from './improvement-actions.controller.js';
import { ImprovementActionsRepository } from './improvement-actions.repository.js';
import { ImprovementActionsService } from './improvement-actions.service.js';
import { ImprovementEffectRefresher } from './improvement-effect-refresher.js';
import { ImprovementEffects } from './improvement-effects.js';

/**
 * The api's side of improvement actions: what quality leads and supervisors change because of
 * what the centre learned, and their effect (measured in the api, kept on the action). The worker's side (reminders and escalation) is the
 * {@link ImprovementActionSweeper}, which the follow-up sweep runs.
 */
@Module({
  imports: [AuditModule, MetricsModule],
  controllers: [ImprovementActionsController],
  providers: [ImprovementActionsService, ImprovementActionsRepository, ImprovementEffects, ImprovementEffectRefresher],
  exports: [ImprovementActionsService, ImprovementActionsRepository, ImprovementEffects],
})
export class ImprovementModule {}
