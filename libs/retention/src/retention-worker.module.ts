import { AuditModule } from '@fc/audit';
import { Module } from '@nestjs/common';
import { RetentionProcessor } from './retention.processor.js';
import { RetentionService } from './retention.service.js';

/** The retention purge of personal data past its period: the `retention` queue's processor. Needs `JobsModule`. */
@Module({
  imports: [AuditModule],
  providers: [RetentionProcessor, RetentionService],
  exports: [RetentionService],
})
export class RetentionWorkerModule {}
