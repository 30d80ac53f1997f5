import { Module } from '@nestjs/common';
import { FeedbackInvitationSender } from './feedback-invitation-sender.js';
import { FeedbackInvitationProcessor } from './feedback-invitation.processor.js';
import { OutboxSmsGateway } from './sms/outbox-sms-gateway.js';
import { SmsGateway } from './sms/sms-gateway.js';

/**
 * The worker's side of citizen feedback: the `feedback` queue's processor, which sends the
 * invitations. Needs `JobsModule`. Texts go through {@link SmsGateway}; the binding below is the
 * default (the outbox table) and the one line to change for a real provider.
 */
@Module({
  providers: [FeedbackInvitationProcessor, FeedbackInvitationSender, { provide: SmsGateway, useClass: OutboxSmsGateway }],
  exports: [FeedbackInvitationSender, SmsGateway],
})
export class FeedbackWorkerModule {}
