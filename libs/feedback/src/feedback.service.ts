import { Clock } from '@fc/config';
import { FollowUpCause, JourneyEventType, LOW_FEEDBACK_MAX_SCORE, type SubmitFeedbackRequest } from '@fc/contracts';
import { recordFollowUpCause } from '@fc/jobs';
import { JourneyWriter } from '@fc/journey';
import { FeedbackEntity } from '@fc/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { FeedbackLinkState, linkStateOf } from './feedback-link-state.js';
import { hashFeedbackToken, isWellFormedFeedbackToken } from './feedback-token.js';
import type { PublicTopic } from './public-report/public-report.repository.js';

type LinkRow = Pick<FeedbackEntity, 'id' | 'callId' | 'expiresAt' | 'usedAt'>;

/**
 * The citizen's side of feedback: whether a link can still be used, and taking the one answer it
 * allows. A link is found by its token's hash; a refused answer writes nothing.
 */
@Injectable()
export class FeedbackService {
  private readonly logger = new Logger(FeedbackService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly journey: JourneyWriter,
    private readonly clock: Clock,
  ) {}

  /** Where the link stands now; reads only. */
  async linkState(token: string): Promise<FeedbackLinkState> {
    if (!isWellFormedFeedbackToken(token)) return FeedbackLinkState.Malformed;
    return stateOf(await this.findLink(this.dataSource.manager, token), this.clock.now());
  }

  /**
   * Takes the answer if the link is open, in one transaction: the score and comment, the call's
   * `feedback_received` journey event (score only: the comment stays out of the journey), and for
   * a low score the cause of a quality review. The link is locked and checked again inside, so of
   * two answers sent at once exactly one is taken.
   * @returns `open` when the answer was taken, otherwise why it was not.
   */
  async submit(token: string, answer: SubmitFeedbackRequest): Promise<FeedbackLinkState> {
    if (!isWellFormedFeedbackToken(token)) return FeedbackLinkState.Malformed;
    // A first look without locks answers closed links at once and gives the call to lock first.
    const seen = await this.findLink(this.dataSource.manager, token);
    const seenState = stateOf(seen, this.clock.now());
    if (!seen || seenState !== FeedbackLinkState.Open) return seenState;

    const comment = answer.comment?.trim() || null;
    const state = await this.journey.run(async (tx) => {
      // The call first, then the link, as every journey transaction orders its locks.
      const call = await tx.lockCall(seen.callId);
      const link = await this.findLink(tx.manager, token, true);
      const now = this.clock.now();
      const current = stateOf(link, now);
      if (!call || !link || current !== FeedbackLinkState.Open) return current;
      await tx.manager.update(FeedbackEntity, { id: link.id }, { score: answer.score, comment, usedAt: now });
      await tx.appendEvent(call, JourneyEventType.FeedbackReceived, { at: now, data: { score: answer.score, hasComment: comment !== null } });
      if (answer.score <= LOW_FEEDBACK_MAX_SCORE) await recordFollowUpCause(tx.manager, call.id, FollowUpCause.LowFeedback, now);
      return FeedbackLinkState.Open;
    });
    if (state === FeedbackLinkState.Open) this.logger.log({ callId: seen.callId, score: answer.score }, 'feedback received');
    return state;
  }

  /**
   * The topic of the link's call, for the link to its public page after the answer (decision
   * 0042); null for a malformed or unknown link or an inactive topic, which has no page.
   */
  async topicOf(token: string): Promise<PublicTopic | null> {
    if (!isWellFormedFeedbackToken(token)) return null;
    const [topic] = await this.dataSource.query<PublicTopic[]>(
      `SELECT t.key, t.name_nb AS "nameNb", t.name_en AS "nameEn" FROM feedback f JOIN calls c ON c.id = f.call_id JOIN topics t ON t.id = c.topic_id WHERE f.token_hash = $1 AND t.active`,
      [hashFeedbackToken(token)],
    );
    return topic ?? null;
  }

  private findLink(manager: EntityManager, token: string, lock = false): Promise<LinkRow | null> {
    return manager.findOne(FeedbackEntity, {
      select: { id: true, callId: true, expiresAt: true, usedAt: true },
      where: { tokenHash: hashFeedbackToken(token) },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }
}

function stateOf(link: LinkRow | null, now: Date): FeedbackLinkState {
  return linkStateOf(link && { used: link.usedAt !== null, expiresAt: link.expiresAt }, now);
}
