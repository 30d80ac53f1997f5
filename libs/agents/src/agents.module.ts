import { JourneyModule } from '@fc/journey';
import { Module } from '@nestjs/common';
import { AgentsReadService } from './agents-read.service.js';
import { AgentsController } from './agents.controller.js';

@Module({
  imports: [JourneyModule],
  controllers: [AgentsController],
  providers: [AgentsReadService],
  exports: [AgentsReadService],
})
export class AgentsModule {}
