import { JourneyModule } from '@fc/journey';
import { RealtimeEmitter } from '@fc/realtime/emitter';
import { Module } from '@nestjs/common';
import { FollowUpCreator } from './follow-up-creator.js';
import { FollowUpSweeper } from './follow-up-sweeper.js';
import { FollowUpProcessor } from './follow-up.processor.js';

/** The worker's side of follow-ups: the `follow-ups` queue's processor and what it runs. Needs `JobsModule`. */
@Module({
  imports: [JourneyModule],
  providers: [FollowUpProcessor, FollowUpCreator, FollowUpSweeper, RealtimeEmitter],
  exports: [FollowUpCreator, FollowUpSweeper],
})
export class FollowUpWorkerModule {}
