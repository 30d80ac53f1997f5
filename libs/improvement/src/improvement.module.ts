import { AuditModule } from '@fc/audit';
import { Module } from '@nestjs/common';
import { ImprovementActionsController } from './improvement-actions.controller.js';
import { ImprovementActionsRepository } from './improvement-actions.repository.js';
import { ImprovementActionsService } from './improvement-actions.service.js';

/**
 * The api's side of improvement actions: what quality leads and supervisors change because of
 * what the centre learned. The worker's side (reminders and escalation) is the
 * {@link ImprovementActionSweeper}, which the follow-up sweep runs.
 */
@Module({
  imports: [AuditModule],
  controllers: [ImprovementActionsController],
  providers: [ImprovementActionsService, ImprovementActionsRepository],
  exports: [ImprovementActionsService, ImprovementActionsRepository],
})
export class ImprovementModule {}
