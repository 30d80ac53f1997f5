import { AuditModule } from '@fc/audit';
import { ImprovementActionSweeper } from '@fc/improvement';
import { JourneyModule } from '@fc/journey';
import { RealtimeEmitter } from '@fc/realtime/emitter';
import { Module } from '@nestjs/common';
import { FollowUpCreator } from './follow-up-creator.js';
import { FollowUpSweeper } from './follow-up-sweeper.js';
import { FollowUpProcessor } from './follow-up.processor.js';

/** The worker's side of follow-ups: the `follow-ups` queue's processor and what it runs (the sweep also reminds of improvement actions). Needs `JobsModule`. */
@Module({
  imports: [JourneyModule, AuditModule],
  providers: [FollowUpProcessor, FollowUpCreator, FollowUpSweeper, ImprovementActionSweeper, RealtimeEmitter],
  exports: [FollowUpCreator, FollowUpSweeper],
})
export class FollowUpWorkerModule {}
