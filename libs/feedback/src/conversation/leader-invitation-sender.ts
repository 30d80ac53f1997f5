import { AppConfig, Clock } from '@fc/config';
import { SmsPurpose, type JobName, type JobPayloads } from '@fc/contracts';
import { isFollowUpOpen } from '@fc/domain';
import { markJobDone } from '@fc/jobs';
import { CallEntity, CallerNumberEntity, FollowUpEntity, TransactionRunner } from '@fc/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { hashFeedbackToken, newFeedbackToken } from '../feedback-token.js';
import { daysLeft, leaderInvitationText } from '../invitation-text.js';
import { SmsGateway } from '../sms/sms-gateway.js';

export type LeaderInvitationPayload = JobPayloads[typeof JobName.SendLeaderInvitation];

/** What became of a leader invitation job. */
export type LeaderInvitationResult = 'sent' | 'already_sent' | 'no_follow_up' | 'follow_up_closed' | 'no_number' | 'too_late';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Texts a complainant the invitation to a conversation with a police leader, in one transaction:
 * the invitation (only its token's hash is kept), the text through the gateway, and the outbox job
 * marked done. Running it again finds the follow-up's invitation in place and sends nothing: the
 * unique `leader_invitations.follow_up_id` decides, under concurrency too.
 */
@Injectable()
export class LeaderInvitationSender {
  private readonly logger = new Logger(LeaderInvitationSender.name);

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly gateway: SmsGateway,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async send(payload: LeaderInvitationPayload, jobId: string): Promise<LeaderInvitationResult> {
    const result = await this.transactions.run(async ({ manager }): Promise<LeaderInvitationResult> => {
      const done = async (outcome: LeaderInvitationResult) => {
        await markJobDone(manager, jobId);
        return outcome;
      };
      const followUp = await manager.findOneBy(FollowUpEntity, { id: payload.followUpId });
      if (!followUp) return done('no_follow_up');
      // A leader who finished the follow-up before the text went out has nothing left to invite to.
      if (!isFollowUpOpen(followUp.status)) return done('follow_up_closed');
      // The retention job may have purged the number since the call ended.
      const number = await manager.findOneBy(CallerNumberEntity, { callId: followUp.callId });
      if (!number) return done('no_number');
      const expiresAt = new Date(Date.parse(payload.at) + this.config.leaderInvitationTtlDays * DAY_MS);
      const days = daysLeft(expiresAt, this.clock.now());
      if (days < 1) return done('too_late');

      const token = newFeedbackToken();
      const inserted: { id: string }[] = await manager.query(
        `INSERT INTO leader_invitations (follow_up_id, call_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (follow_up_id) DO NOTHING RETURNING id`,
        [followUp.id, followUp.callId, hashFeedbackToken(token), expiresAt],
      );
      const invitationId = inserted[0]?.id;
      if (!invitationId) return done('already_sent');
      const { language } = await manager.findOneOrFail(CallEntity, { select: { id: true, language: true }, where: { id: followUp.callId } });
      const lang = language === 'en' ? 'en' : 'nb';
      const link = `${this.config.publicBaseUrl}/conversation/${token}${lang === 'en' ? '?lang=en' : ''}`;
      await this.gateway.send(
        { to: number.phoneE164, body: leaderInvitationText(link, days, lang), purpose: SmsPurpose.LeaderInvitation, callId: followUp.callId, idempotencyKey: invitationId },
        manager,
      );
      return done('sent');
    });
    this.logger.log({ followUpId: payload.followUpId, jobId, result }, 'leader invitation');
    return result;
  }
}
