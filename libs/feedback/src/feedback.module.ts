import { AuditModule } from '@fc/audit';
import { JourneyModule } from '@fc/journey';
import { QualityModule } from '@fc/quality';
import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { urlencoded } from 'express';
import { ConversationPageController } from './conversation/conversation-page.controller.js';
import { ConversationService } from './conversation/conversation.service.js';
import { FeedbackController } from './feedback.controller.js';
import { FeedbackService } from './feedback.service.js';
import { FeedbackPageController } from './page/feedback-page.controller.js';
import { PublicReportController } from './public-report/public-report.controller.js';
import { PublicReportRepository } from './public-report/public-report.repository.js';
import { PublicReportService } from './public-report/public-report.service.js';
import { SmsOutboxController } from './sms/sms-outbox.controller.js';
import { SmsOutboxService } from './sms/sms-outbox.service.js';
import { FeedbackThrottlerGuard } from './throttling/feedback-throttler.guard.js';
import { RedisThrottlerStorage } from './throttling/redis-throttler-storage.js';

/**
 * Citizen feedback in the api: the public page and its API (rate-limited per address and per
 * token), the complainant's conversation page (decision 0041, on the same limits), the public
 * "what came of it" pages (decision 0042, on the same limits), and the SMS outbox for
 * administrators. Needs `RedisModule` and `EventEmitterModule.forRoot()`.
 */
@Module({
  imports: [JourneyModule, AuditModule, QualityModule],
  controllers: [FeedbackController, FeedbackPageController, ConversationPageController, PublicReportController, SmsOutboxController],
  providers: [FeedbackService, ConversationService, SmsOutboxService, FeedbackThrottlerGuard, RedisThrottlerStorage, PublicReportService, PublicReportRepository],
  exports: [FeedbackService],
})
export class FeedbackModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Only the pages' own forms are url-encoded (the feedback page's for browsers without script, the conversation page's always); the api takes JSON everywhere else.
    consumer
      .apply(urlencoded({ extended: false, limit: '32kb', parameterLimit: 10 }))
      .forRoutes({ path: 'feedback/:token', method: RequestMethod.POST }, { path: 'conversation/:token', method: RequestMethod.POST });
  }
}
