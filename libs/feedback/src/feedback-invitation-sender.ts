import { AppConfig, Clock } from '@fc/config';
import { SmsPurpose, type JobName, type JobPayloads } from '@fc/contracts';
import { markJobDone } from '@fc/jobs';
import { CallerNumberEntity, TransactionRunner } from '@fc/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { hashFeedbackToken, newFeedbackToken } from './feedback-token.js';
import { feedbackInvitationText, hoursLeft } from './invitation-text.js';
import { SmsGateway } from './sms/sms-gateway.js';

export type FeedbackInvitationPayload = JobPayloads[typeof JobName.SendFeedbackInvitation];

/** What became of an invitation job. */
export type InvitationResult = 'sent' | 'already_sent' | 'no_number' | 'too_late';

/**
 * Sends a completed call's caller the feedback link, in one transaction: the link (only its
 * token's hash is kept), the text through the gateway, and the outbox job marked done. Running it
 * again (a retry, a worker that died after commit) finds the call's link in place and sends
 * nothing: the unique `feedback.call_id` decides, under concurrency too.
 */
@Injectable()
export class FeedbackInvitationSender {
  private readonly logger = new Logger(FeedbackInvitationSender.name);

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly gateway: SmsGateway,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async send(payload: FeedbackInvitationPayload, jobId: string): Promise<InvitationResult> {
    const result = await this.transactions.run(async ({ manager }): Promise<InvitationResult> => {
      const done = async (outcome: InvitationResult) => {
        await markJobDone(manager, jobId);
        return outcome;
      };
      // The retention job may have purged the number since the call ended.
      const number = await manager.findOneBy(CallerNumberEntity, { callId: payload.callId });
      if (!number) return done('no_number');
      const expiresAt = new Date(Date.parse(payload.at) + this.config.feedbackTokenTtlHours * 3_600_000);
      const hours = hoursLeft(expiresAt, this.clock.now());
      if (hours < 1) return done('too_late');

      const token = newFeedbackToken();
      const inserted: { id: string }[] = await manager.query(
        `INSERT INTO feedback (call_id, token_hash, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (call_id) DO NOTHING RETURNING id`,
        [payload.callId, hashFeedbackToken(token), expiresAt],
      );
      const feedbackId = inserted[0]?.id;
      if (!feedbackId) return done('already_sent');
      await this.gateway.send(
        {
          to: number.phoneE164,
          body: feedbackInvitationText(`${this.config.publicBaseUrl}/feedback/${token}`, hours),
          purpose: SmsPurpose.FeedbackInvitation,
          callId: payload.callId,
          idempotencyKey: feedbackId,
        },
        manager,
      );
      return done('sent');
    });
    this.logger.log({ callId: payload.callId, jobId, result }, 'feedback invitation');
    return result;
  }
}
