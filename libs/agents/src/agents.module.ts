import { JourneyModule } from '@fc/journey';
import { Module } from '@nestjs/common';
import { AgentsReadService } from './agents-read.service.js';
import { AgentsController } from './agents.controller.js';
import { SoftphoneService } from './softphone.service.js';

@Module({
  imports: [JourneyModule],
  controllers: [AgentsController],
  providers: [AgentsReadService, SoftphoneService],
  exports: [AgentsReadService],
})
export class AgentsModule {}
