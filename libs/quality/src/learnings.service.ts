import { AuditAction, AuditService } from '@fc/audit';
import type { AuthenticatedAgent } from '@fc/auth';
import type { AgentFeedbackView, SharedLearningView } from '@fc/contracts';
import type { PageQueryDto } from '@fc/http';
import { Injectable } from '@nestjs/common';
import { ReviewsRepository } from './reviews.repository.js';

/** What reviews give back: feedback to the agent whose call it was, and learnings shared with everyone. */
@Injectable()
export class LearningsService {
  constructor(
    private readonly reviews: ReviewsRepository,
    private readonly audit: AuditService,
  ) {}

  /** The agent's own done reviews that carry feedback, newest first; nobody else's. */
  async feedbackFor(agent: AuthenticatedAgent, page: PageQueryDto): Promise<AgentFeedbackView[]> {
    const feedback = await this.reviews.findFeedbackFor(agent.agentId, page);
    await this.audit.record({ actor: agent, action: AuditAction.ReviewFeedbackRead, entityType: 'agent', entityId: agent.agentId, data: { count: feedback.length } });
    return feedback;
  }

  /**
   * Learnings their reviewers chose to share, once the review is done (its wording settled), newest
   * first. Only the topic, root causes and the text: no call, no agent, no reviewer.
   */
  async shared(page: PageQueryDto): Promise<SharedLearningView[]> {
    return this.reviews.findSharedLearnings(page);
  }
}
