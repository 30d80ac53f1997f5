import { AuditModule } from '@fc/audit';
import { JourneyModule } from '@fc/journey';
import { Module } from '@nestjs/common';
import { FollowUpsController } from './follow-ups.controller.js';
import { FollowUpsRepository } from './follow-ups.repository.js';
import { FollowUpsService } from './follow-ups.service.js';

/** The api's side of follow-ups: the list supervisors, quality leads and owners work from. */
@Module({
  imports: [AuditModule, JourneyModule],
  controllers: [FollowUpsController],
  providers: [FollowUpsService, FollowUpsRepository],
  exports: [FollowUpsService],
})
export class FollowUpModule {}
