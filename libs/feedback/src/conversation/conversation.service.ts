import { AuditAction, AuditService } from '@fc/audit';
import { Clock } from '@fc/config';
import { JourneyEventType, type LeaderInvitationAnswer } from '@fc/contracts';
import { planLeaderAnswer } from '@fc/domain';
import { JourneyWriter } from '@fc/journey';
import { FollowUpEntity, LeaderInvitationEntity } from '@fc/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { FeedbackLinkState } from '../feedback-link-state.js';
import { hashFeedbackToken, isWellFormedFeedbackToken } from '../feedback-token.js';

type LinkRow = Pick<LeaderInvitationEntity, 'id' | 'followUpId' | 'callId' | 'expiresAt' | 'answeredAt'>;

/** A complainant's answer to their invitation, as the page checked it. */
export interface ConversationAnswer {
  answer: LeaderInvitationAnswer;
  /** For `time_suggested`: the instant, in office hours within the next 60 days. */
  suggestedTime: Date | null;
  message: string | null;
}

/**
 * The complainant's side of the leader conversation (decision 0041): whether an invitation's link
 * can still be answered, and taking the one answer it allows. Links are the feedback links' kind
 * (a token whose hash only is kept) and stand in the same states.
 */
@Injectable()
export class ConversationService {
  private readonly logger = new Logger(ConversationService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly journey: JourneyWriter,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Where the link stands now; reads only. */
  async linkState(token: string): Promise<FeedbackLinkState> {
    if (!isWellFormedFeedbackToken(token)) return FeedbackLinkState.Malformed;
    return stateOf(await this.findLink(this.dataSource.manager, token), this.clock.now());
  }

  /**
   * Takes the answer if the link is open, in one transaction: the answer on the invitation, the
   * leader conversation follow-up moved with it (in progress, due at a suggested time, or done when
   * declined) and audited as the citizen's change, and the call's `leader_invitation_answered`
   * journey event (the answer only: the message stays out of the journey). The invitation is
   * locked and checked again inside, so of two answers sent at once exactly one is taken.
   * @returns `open` when the answer was taken, otherwise why it was not.
   */
  async answer(token: string, answer: ConversationAnswer): Promise<FeedbackLinkState> {
    if (!isWellFormedFeedbackToken(token)) return FeedbackLinkState.Malformed;
    const seen = await this.findLink(this.dataSource.manager, token);
    const seenState = stateOf(seen, this.clock.now());
    if (!seen || seenState !== FeedbackLinkState.Open) return seenState;

    const state = await this.journey.run(async (tx) => {
      // The call first, then the invitation, then the follow-up, as every journey transaction orders its locks.
      const call = await tx.lockCall(seen.callId);
      const link = await this.findLink(tx.manager, token, true);
      const now = this.clock.now();
      const current = stateOf(link, now);
      if (!call || !link || current !== FeedbackLinkState.Open) return current;
      await tx.manager.update(LeaderInvitationEntity, { id: link.id }, { answer: answer.answer, answeredAt: now, suggestedTime: answer.suggestedTime, message: answer.message });
      const followUp = await tx.manager.findOneOrFail(FollowUpEntity, { where: { id: link.followUpId }, lock: { mode: 'pessimistic_write' } });
      const plan = planLeaderAnswer(followUp, answer.answer, answer.suggestedTime);
      if (plan) {
        await tx.manager.update(
          FollowUpEntity,
          { id: followUp.id },
          {
            status: plan.status,
            result: plan.result,
            ...(plan.becomesDone ? { doneAt: now } : {}),
            // A new due time gets its own reminder and, if missed, its own escalation.
            ...(plan.dueAt ? { dueAt: plan.dueAt, remindedAt: null, escalatedAt: null } : {}),
          },
        );
      }
      await this.audit.record(
        {
          actor: null,
          action: AuditAction.FollowUpCitizenAnswer,
          entityType: 'follow_up',
          entityId: followUp.id,
          data: { answer: answer.answer, from: followUp.status, to: plan?.status ?? followUp.status, dueAt: plan?.dueAt?.toISOString() ?? null },
        },
        tx.manager,
      );
      await tx.appendEvent(call, JourneyEventType.LeaderInvitationAnswered, {
        at: now,
        data: { followUpId: followUp.id, answer: answer.answer, suggestedTime: answer.suggestedTime?.toISOString() ?? null, hasMessage: answer.message !== null },
      });
      return FeedbackLinkState.Open;
    });
    if (state === FeedbackLinkState.Open) this.logger.log({ followUpId: seen.followUpId, answer: answer.answer }, 'leader invitation answered');
    return state;
  }

  private findLink(manager: EntityManager, token: string, lock = false): Promise<LinkRow | null> {
    return manager.findOne(LeaderInvitationEntity, {
      select: { id: true, followUpId: true, callId: true, expiresAt: true, answeredAt: true },
      where: { tokenHash: hashFeedbackToken(token) },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }
}

function stateOf(link: LinkRow | null, now: Date): FeedbackLinkState {
  if (!link) return FeedbackLinkState.Unknown;
  if (link.answeredAt) return FeedbackLinkState.Used;
  if (link.expiresAt.getTime() <= now.getTime()) return FeedbackLinkState.Expired;
  return FeedbackLinkState.Open;
}
