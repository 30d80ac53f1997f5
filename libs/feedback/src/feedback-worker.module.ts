import { Module } from '@nestjs/common';
import { LeaderInvitationSender } from './conversation/leader-invitation-sender.js';
import { FeedbackInvitationSender } from './feedback-invitation-sender.js';
import { FeedbackInvitationProcessor } from './feedback-invitation.processor.js';
import { OutboxSmsGateway } from './sms/outbox-sms-gateway.js';
import { SmsGateway } from './sms/sms-gateway.js';

/**
 * The worker's side of citizen feedback: the `feedback` queue's processor, which sends the
 * invitations (to feedback, and to a complainant's conversation with a police leader). Needs `JobsModule`. Texts go through {@link SmsGateway}; the binding below is the
 * default (the outbox table) and the one line to change for a real provider.
 */
@Module({
  providers: [FeedbackInvitationProcessor, FeedbackInvitationSender, LeaderInvitationSender, { provide: SmsGateway, useClass: OutboxSmsGateway }],
  exports: [FeedbackInvitationSender, LeaderInvitationSender, SmsGateway],
})
export class FeedbackWorkerModule {}
